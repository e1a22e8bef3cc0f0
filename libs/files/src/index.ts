/**
 * @tessera/files — the platform's file store: tenant files in PostgreSQL, streamed in fixed-size chunks
 * both ways, with expiry. The kernel composes it (FILES_MIGRATIONS, filesProviders, filesJobs, and one
 * `FILE_STORE` per module from PlatformFiles); modules use the SDK's `FILE_STORE` and `fileDownload`.
 */
export { FILES_MIGRATIONS } from './files.migrations';
export { filesProviders } from './files.providers';
export { FILES_SETTINGS } from './files-settings';
export type { FilesSettings } from './files-settings';
export { PlatformFiles } from './store/platform-files.service';
export { FILES_OWNER, filesJobs } from './purge/files-jobs';
