import { defineJob, z } from '@tessera/module-sdk';
import { PurgeDeletedProcessor } from './purge-deleted.processor';

/** Every night at 03:30 UTC, for every tenant that has contacts on: empties the trash of old contacts. */
export const purgeDeletedContacts = defineJob({
  name: 'contacts.purge-deleted',
  handler: PurgeDeletedProcessor,
  input: z.object({}).strict(),
  schedule: { cron: '30 3 * * *' },
  attempts: 3,
});
