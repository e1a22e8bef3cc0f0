import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { MODULE_CONFIG, MODULE_REDIS, type ModuleRedis } from '@tessera/module-sdk';
import type { AuthConfig } from '../auth.config';
import { PrefixedRedisStorage } from './prefixed-redis.storage';
import { anonymousKey, MINUTE_MS, rateLimited, TIERS } from './rate-limit.policy';

// Addresses remembered as blocked per process; past it, the least recently blocked go first.
const MAX_REMEMBERED = 10_000;

/**
 * Failed authentications (a forged or expired bearer token, a wrong API key, a malformed header) count
 * against the anonymous per-address tier, in the same Redis counter as anonymous calls: the rate-limit guard
 * runs after authentication, so it never sees a request that failed it, and each of those may cost a
 * database lookup. Once an address is over the limit it gets 429 with Retry-After, and until the block
 * expires this process refuses that address's credentials before verifying them (no lookup at all). The
 * block is remembered in memory per process; every replica learns it from the shared counter at its own
 * next failure from that address, so good requests pay no extra Redis call.
 */
@Injectable()
export class FailedAuthentications {
  private readonly storage: PrefixedRedisStorage;
  /** Blocked addresses, each for the rest of its block (the entry's time-to-live). */
  private readonly blocked = new LRUCache<string, true>({ max: MAX_REMEMBERED });

  constructor(
    @Inject(MODULE_CONFIG) private readonly config: AuthConfig,
    @Inject(MODULE_REDIS) redis: ModuleRedis,
  ) {
    this.storage = new PrefixedRedisStorage(redis);
  }

  /** Throws 429 while `ip` is blocked for failing authentication too often. */
  refuseIfBlocked(ip: string): void {
    const remainingMs = this.blocked.getRemainingTTL(ip);
    if (remainingMs > 0) throw rateLimited(remainingMs / 1000, this.config.rateLimitAnonymousPerMinute, MINUTE_MS);
  }

  /** Counts one failure of `ip`; throws 429 (instead of the 401) once the address is over the limit. */
  async record(ip: string): Promise<void> {
    const limit = this.config.rateLimitAnonymousPerMinute;
    const { isBlocked, timeToBlockExpire } = await this.storage.increment(anonymousKey(ip), MINUTE_MS, limit, MINUTE_MS, TIERS.anonymous);
    if (!isBlocked) return;
    // A time-to-live of 0 would mean "for ever" to lru-cache.
    this.blocked.set(ip, true, { ttl: Math.max(1, timeToBlockExpire * 1000) });
    throw rateLimited(timeToBlockExpire, limit, MINUTE_MS);
  }
}
