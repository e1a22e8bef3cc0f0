import type { QueueDeclaration } from '@tessera/module-sdk';

/** Long jobs over many contacts, each holding one database connection while it runs. */
export const CONTACTS_BULK_QUEUE = 'contacts.bulk';

/** The queues the contacts module declares besides its default one (`contacts`: the nightly purge). */
export const CONTACTS_QUEUES: readonly QueueDeclaration[] = [
  { name: CONTACTS_BULK_QUEUE, description: 'CSV exports and search rebuilds: long jobs, each holding one database connection.', concurrency: 2 },
];
