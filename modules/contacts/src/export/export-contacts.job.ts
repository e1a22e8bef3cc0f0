import { defineJob, z } from '@tessera/module-sdk';
import { CONTACTS_BULK_QUEUE } from '../contacts.queues';
import { ExportContactsProcessor } from './export-contacts.processor';

/**
 * A CSV export. The input is the export's id only: the filter (which can name a person) and the columns stay
 * in the tenant's `contact_exports` row, under row-level security, not in the queue or the outbox.
 */
export const exportContacts = defineJob({
  name: 'contacts.export',
  queue: CONTACTS_BULK_QUEUE,
  description: 'Write a CSV export of contacts into the file store.',
  handler: ExportContactsProcessor,
  input: z.object({ exportId: z.uuid() }).strict(),
  transaction: 'step',
  attempts: 3,
  backoff: { delayMs: 5_000 },
  timeoutMs: 60 * 60_000,
});
