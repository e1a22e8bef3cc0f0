import type { PlatformConfig } from '@tessera/config';
import { filesJobs, type FilesSettings } from '@tessera/files';
import type { PlatformJobOwner } from '@tessera/jobs';

/** The file store's settings, from the validated platform configuration. */
export function filesSettings(platform: PlatformConfig): FilesSettings {
  return { chunkBytes: platform.FILES_CHUNK_BYTES, maxBytes: platform.FILES_MAX_BYTES, defaultTtlSeconds: platform.FILES_DEFAULT_TTL_SECONDS };
}

/**
 * The parts of the platform that own background work. The job layer is built from module definitions;
 * platform services that need a queue declare theirs in the same shape, so they are validated (cron
 * patterns), selected (`JOBS_QUEUES`), run, retried, dead-lettered and shown to operators like a module's.
 * Their names are reserved module names.
 */
export function platformJobOwners(platform: PlatformConfig): readonly PlatformJobOwner[] {
  return [filesJobs(platform.FILES_PURGE_SCHEDULE)];
}
