import { defineJob, z } from '@tessera/module-sdk';
import { PurgeImportsProcessor } from './purge-imports.processor';

/** Every night at 03:45 UTC, for every tenant that has contacts on: removes imports past their retention. */
export const purgeContactImports = defineJob({
  name: 'contacts.purge-imports',
  handler: PurgeImportsProcessor,
  input: z.object({}).strict(),
  schedule: { cron: '45 3 * * *' },
  attempts: 3,
});
