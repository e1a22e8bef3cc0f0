import { defineJob, z, type QueueDeclaration } from '@tessera/module-sdk';
import { ImportContactsProcessor } from './import-contacts.processor';

/** Imports run on a queue of their own, so a long import never holds up event deliveries or the purge. */
export const IMPORT_QUEUE: QueueDeclaration = { name: 'contacts.import', description: 'CSV imports of contacts', concurrency: 2 };

/**
 * Runs one CSV import (started by `POST /contacts/imports/:id/start`). Checkpointed: each batch of rows is a
 * step committed with its contacts, so a retry, a replay or another worker after a crash resumes after the last
 * committed batch, and `contact_import_rows` keeps any row from being imported twice.
 */
export const importContactsCsv = defineJob({
  name: 'contacts.import-csv',
  queue: IMPORT_QUEUE.name,
  handler: ImportContactsProcessor,
  input: z.object({ importId: z.uuid() }).strict(),
  transaction: 'step',
  attempts: 5,
  backoff: { delayMs: 2_000, maxDelayMs: 60_000 },
  timeoutMs: 2 * 60 * 60_000,
});
