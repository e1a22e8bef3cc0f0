import { ImportsController } from './imports.controller';
import { ImportReader } from './import-reader.service';
import { ImportRows } from './import-rows.service';
import { ImportStart } from './import-start.service';
import { ImportUpload } from './import-upload.service';
import { ImportBatch } from './job/import-batch.service';
import { ImportContactsProcessor } from './job/import-contacts.processor';
import { PurgeImportsProcessor } from './purge/purge-imports.processor';
import { ErrorReport } from './report/error-report.service';
import { DuplicateMatch } from './rows/duplicate-match.service';
import { RowImporter } from './rows/row-importer.service';

/** The import's part of the contacts Nest module. */
export const IMPORT_CONTROLLERS = [ImportsController];
export const IMPORT_PROVIDERS = [ImportReader, ImportUpload, ImportStart, ImportRows, ImportBatch, ImportContactsProcessor, ErrorReport, DuplicateMatch, RowImporter, PurgeImportsProcessor];
