import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ModuleRedis } from '@tessera/module-sdk';

/** The Redis storage of @nest-lab/throttler-storage-redis (one atomic Lua script), under the module's keys. */
export class PrefixedRedisStorage implements ThrottlerStorage {
  private readonly inner: ThrottlerStorageRedisService;

  constructor(private readonly redis: ModuleRedis) {
    this.inner = new ThrottlerStorageRedisService(redis.client);
  }

  increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string) {
    return this.inner.increment(this.redis.key('rate', key), ttl, limit, blockDuration, throttlerName);
  }
}
