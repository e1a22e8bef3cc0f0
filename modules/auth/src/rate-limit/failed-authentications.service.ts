import { Inject, Injectable } from '@nestjs/common';
import { MODULE_CONFIG, MODULE_REDIS, type ModuleRedis } from '@tessera/module-sdk';
import type { AuthConfig } from '../auth.config';
import { PrefixedRedisStorage } from './prefixed-redis.storage';
import { anonymousKey, MINUTE_MS, rateLimited, TIERS } from './rate-limit.policy';

// Addresses remembered as blocked per process; past it, expired entries go first, then the oldest.
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
  private readonly blockedUntil = new Map<string, number>();

  constructor(
    @Inject(MODULE_CONFIG) private readonly config: AuthConfig,
    @Inject(MODULE_REDIS) redis: ModuleRedis,
  ) {
    this.storage = new PrefixedRedisStorage(redis);
  }

  /** Throws 429 while `ip` is blocked for failing authentication too often. */
  refuseIfBlocked(ip: string): void {
    const until = this.blockedUntil.get(ip);
    if (until === undefined) return;
    if (until <= Date.now()) {
      this.blockedUntil.delete(ip);
      return;
    }
    throw rateLimited((until - Date.now()) / 1000, this.config.rateLimitAnonymousPerMinute, MINUTE_MS);
  }

  /** Counts one failure of `ip`; throws 429 (instead of the 401) once the address is over the limit. */
  async record(ip: string): Promise<void> {
    const limit = this.config.rateLimitAnonymousPerMinute;
    const { isBlocked, timeToBlockExpire } = await this.storage.increment(anonymousKey(ip), MINUTE_MS, limit, MINUTE_MS, TIERS.anonymous);
    if (!isBlocked) return;
    this.remember(ip, Date.now() + timeToBlockExpire * 1000);
    throw rateLimited(timeToBlockExpire, limit, MINUTE_MS);
  }

  private remember(ip: string, until: number): void {
    if (this.blockedUntil.size >= MAX_REMEMBERED) {
      const now = Date.now();
      for (const [address, expiry] of this.blockedUntil) if (expiry <= now) this.blockedUntil.delete(address);
      if (this.blockedUntil.size >= MAX_REMEMBERED) this.blockedUntil.delete(this.blockedUntil.keys().next().value!);
    }
    this.blockedUntil.delete(ip);
    this.blockedUntil.set(ip, until);
  }
}
