import type { INestApplication } from '@nestjs/common';
import { createPlatform } from './create-platform';
import type { PlatformOptions } from './platform.types';
import { exitOnBootFailure, shutdownOnSignals } from './process-signals';

/** Entry point of apps/api: boot, listen, and shut down gracefully on SIGTERM/SIGINT. */
export async function runApi(options: Omit<PlatformOptions, 'role'>): Promise<void> {
  try {
    const platform = await createPlatform({ ...options, role: 'api' });
    const { HOST, PORT, SHUTDOWN_TIMEOUT_MS } = platform.config.platform;
    shutdownOnSignals((signal) => platform.close(signal), { timeoutMs: SHUTDOWN_TIMEOUT_MS, logger: platform.logger });
    await (platform.app as INestApplication).listen(PORT, HOST);
    platform.logger.info({ url: `http://${HOST === '0.0.0.0' ? 'localhost' : HOST}:${PORT}`, docs: '/docs' }, 'api listening');
  } catch (error) {
    exitOnBootFailure(error);
  }
}
