import type { ModuleRedis } from '@tessera/module-sdk';
import type { Redis } from 'ioredis';

/** Each module's view of the shared Redis connection: the same socket, keys under `<prefix>:<module>:`. */
export function moduleRedis(client: Redis, prefix: string): (module: string) => ModuleRedis {
  return (module) => ({ client, key: (...parts) => [prefix, module, ...parts].join(':') });
}
