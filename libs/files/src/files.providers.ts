import type { Provider } from '@nestjs/common';
import { FILES_SETTINGS, type FilesSettings } from './files-settings';
import { PurgeExpiredFilesProcessor } from './purge/purge-expired-files.processor';
import { PlatformFiles } from './store/platform-files.service';

/** The file store's services, provided by the platform core; modules inject their own `FILE_STORE`. */
export function filesProviders(settings: FilesSettings): Provider[] {
  return [{ provide: FILES_SETTINGS, useValue: settings }, PlatformFiles, PurgeExpiredFilesProcessor];
}
