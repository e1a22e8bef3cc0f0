import { defineJob, z } from '@tessera/module-sdk';
import { CONTACTS_BULK_QUEUE } from '../../contacts.queues';
import { ReindexContactsProcessor } from './reindex-contacts.processor';

/**
 * Rebuilds the tenant's contacts search collection (`contacts:reindex --background` enqueues it). One
 * transaction per attempt: a failed attempt leaves the index as it was, the next one starts again.
 */
export const reindexContacts = defineJob({
  name: 'contacts.reindex',
  queue: CONTACTS_BULK_QUEUE,
  description: "Rebuild the tenant's contacts search index from the contacts table.",
  handler: ReindexContactsProcessor,
  input: z.object({}).strict(),
  attempts: 3,
  timeoutMs: 60 * 60_000,
});
