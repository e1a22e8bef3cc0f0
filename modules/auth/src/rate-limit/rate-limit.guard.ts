import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { MODULE_CONFIG, MODULE_REDIS, type ModuleRedis } from '@tessera/module-sdk';
import type { AuthConfig } from '../auth.config';
import { PrefixedRedisStorage } from './prefixed-redis.storage';
import { rateLimited, rateLimitTiers } from './rate-limit.policy';

/**
 * @nestjs/throttler with the platform's tiers, counted in Redis so the limits hold across replicas. A
 * global guard registered by the auth module: Nest runs it after the platform's own guards, so the
 * principal is known (authentication ran) and it still runs before any handler (before argon2).
 * Requests that fail authentication never reach it: the authenticator counts those against the anonymous
 * tier itself (FailedAuthentications). Answers 429 `RATE_LIMITED` in the error envelope, with Retry-After.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(@Inject(MODULE_CONFIG) config: AuthConfig, @Inject(MODULE_REDIS) redis: ModuleRedis, reflector: Reflector) {
    super({ throttlers: rateLimitTiers(config), setHeaders: false }, new PrefixedRedisStorage(redis), reflector);
  }

  // The error envelope sets Retry-After from the error's retryAfterSeconds (as for every rate-limited error).
  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw rateLimited(detail.timeToBlockExpire, detail.limit, detail.ttl);
  }
}
