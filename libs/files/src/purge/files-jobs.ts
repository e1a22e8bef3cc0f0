import { defineJob, type ModuleDefinition } from '@tessera/module-sdk';
import { PurgeExpiredFilesProcessor } from './purge-expired-files.processor';

/** The name the file store's queue, jobs and migrations go by (reserved: no module may take it). */
export const FILES_OWNER = 'files';

/**
 * The file store's background work, declared like a module's (queue, job, schedule) so the job layer runs,
 * retries, dead-letters and shows it like any other: one platform job, on its own queue, on a cron
 * schedule (`FILES_PURGE_SCHEDULE`). Its handler is a provider of the platform core.
 */
export function filesJobs(purgeSchedule: string): Pick<ModuleDefinition, 'name' | 'queues' | 'jobs'> {
  return {
    name: FILES_OWNER,
    queues: [{ name: FILES_OWNER, concurrency: 1, description: 'Platform file store: purges expired files' }],
    jobs: [
      defineJob({
        name: 'files.purge-expired',
        description: 'Deletes expired files and their content, across tenants',
        handler: PurgeExpiredFilesProcessor,
        scope: 'platform',
        transaction: 'step',
        attempts: 3,
        timeoutMs: 30 * 60_000,
        schedule: { cron: purgeSchedule },
      }),
    ],
  };
}
