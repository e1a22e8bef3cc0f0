import { ContactImport } from './contact-import.entity';
import { IMPORT_MIGRATIONS } from './import.migrations';
import { IMPORT_QUEUE, importContactsCsv } from './job/import-contacts.job';
import { purgeContactImports } from './purge/purge-imports.job';

/** What the CSV import adds to the contacts definition (entities, migrations, queue, jobs). */
export const IMPORT_DEFINITION = {
  entities: [ContactImport],
  migrations: IMPORT_MIGRATIONS,
  queues: [IMPORT_QUEUE],
  jobs: [importContactsCsv, purgeContactImports],
} as const;
