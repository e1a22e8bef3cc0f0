import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * An ioredis connection that keeps reconnecting in the background (readiness reports Redis as down
 * meanwhile) and fails a command quickly instead of queueing it forever.
 */
export function createRedis(url: string, logger: Logger, name: string): Redis {
  const redis = new Redis(url, { connectionName: name, maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
  let lastLogged = 0;
  redis.on('error', (error: Error) => {
    // An unreachable Redis emits an error per reconnect attempt; log at most one line every 10 s.
    if (Date.now() - lastLogged > 10_000) {
      lastLogged = Date.now();
      logger.error({ err: { message: error.message } }, `redis connection "${name}" failed`);
    }
  });
  return redis;
}
