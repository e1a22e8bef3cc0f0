import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerGuard, type ThrottlerLimitDetail, type ThrottlerStorage } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { MODULE_CONFIG, MODULE_REDIS, TesseraError, type ModuleRedis } from '@tessera/module-sdk';
import type { Response } from 'express';
import type { AuthConfig } from '../auth.config';
import { rateLimitTiers } from './rate-limit.policy';

/** The Redis storage of @nest-lab/throttler-storage-redis (one atomic Lua script), under the module's keys. */
class PrefixedRedisStorage implements ThrottlerStorage {
  private readonly inner: ThrottlerStorageRedisService;

  constructor(private readonly redis: ModuleRedis) {
    this.inner = new ThrottlerStorageRedisService(redis.client);
  }

  increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string) {
    return this.inner.increment(this.redis.key('rate', key), ttl, limit, blockDuration, throttlerName);
  }
}

/**
 * @nestjs/throttler with the platform's tiers, counted in Redis so the limits hold across replicas. A
 * global guard registered by the auth module: Nest runs it after the platform's own guards, so the
 * principal is known (authentication ran) and it still runs before any handler (before argon2).
 * Answers 429 `RATE_LIMITED` in the error envelope, with Retry-After.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(@Inject(MODULE_CONFIG) config: AuthConfig, @Inject(MODULE_REDIS) redis: ModuleRedis, reflector: Reflector) {
    super({ throttlers: rateLimitTiers(config), setHeaders: false }, new PrefixedRedisStorage(redis), reflector);
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const retryAfterSeconds = Math.max(1, detail.timeToBlockExpire);
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(retryAfterSeconds));
    throw new TesseraError('rate-limited', 'RATE_LIMITED', `Too many requests. Retry in ${retryAfterSeconds} s.`, {
      retryAfterSeconds,
      limit: detail.limit,
      windowSeconds: Math.round(detail.ttl / 1000),
    });
  }
}
