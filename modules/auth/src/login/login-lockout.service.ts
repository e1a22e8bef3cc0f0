import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { MODULE_CONFIG, MODULE_REDIS, TesseraError, type ModuleRedis } from '@tessera/module-sdk';
import type { AuthConfig } from '../auth.config';

// KEYS: pair (account+address), account counter, account lock, account cleared-at. ARGV: now ms, free
// attempts, max delay ms, account cap, account window ms. Returns { delay ms of the pair, account locked ms }.
const RECORD_FAILURE = `
local now = tonumber(ARGV[1])
local cleared = tonumber(redis.call('GET', KEYS[4]) or '0')
if tonumber(redis.call('HGET', KEYS[1], 'at') or '0') < cleared then redis.call('DEL', KEYS[1]) end
local free = tonumber(ARGV[2])
local maxDelay = tonumber(ARGV[3])
local cap = tonumber(ARGV[4])
local window = tonumber(ARGV[5])
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
redis.call('HSET', KEYS[1], 'at', now)
local delay = 0
if failures >= free then
  delay = math.min(maxDelay, 1000 * math.pow(2, failures - free))
  redis.call('HSET', KEYS[1], 'until', now + delay)
end
redis.call('PEXPIRE', KEYS[1], math.max(3600000, delay * 2))
local total = redis.call('INCR', KEYS[2])
if total == 1 then redis.call('PEXPIRE', KEYS[2], window) end
local locked = 0
if total >= cap then
  redis.call('SET', KEYS[3], now + window, 'PX', window)
  redis.call('DEL', KEYS[2])
  locked = window
end
return { delay, locked }
`;

/** Outcome of recording a failed login. */
export interface FailureOutcome {
  /** The per-account-and-address delay that now applies, in ms (0: none yet). */
  readonly delayMs: number;
  /** True when this failure locked the whole account. */
  readonly accountLocked: boolean;
}

/**
 * The login lockout policy, with its state in Redis so every replica applies it:
 * - per account and client address: after `lockoutFreeAttempts` failures, each further attempt must
 *   wait a doubling delay (1 s, 2 s, 4 s ... capped at `lockoutMaxDelaySeconds`); a success clears it;
 * - per account, from all addresses: `lockoutAccountMaxFailures` failures within the window lock the
 *   account for the window length, then it unlocks by itself. A password reset unlocks it at once.
 * Nobody can lock a victim out for good: every lock expires, and the reset link always works.
 * Accounts are keyed by a hash of the email, whether or not the account exists.
 */
@Injectable()
export class LoginLockout {
  constructor(
    @Inject(MODULE_CONFIG) private readonly config: AuthConfig,
    @Inject(MODULE_REDIS) private readonly redis: ModuleRedis,
  ) {}

  /** Throws 429 `LOGIN_TEMPORARILY_LOCKED` (with Retry-After) while a delay or lock applies. */
  async assertAllowed(email: string, ip: string): Promise<void> {
    const [[pairUntil, pairAt], accountUntil, cleared] = await Promise.all([
      this.redis.client.hmget(this.pairKey(email, ip), 'until', 'at'),
      this.redis.client.get(this.accountLockKey(email)),
      this.redis.client.get(this.clearedKey(email)),
    ]);
    // Delays earned before the last password reset no longer count.
    const pairCounts = Number(pairAt ?? 0) >= Number(cleared ?? 0);
    const until = Math.max(pairCounts ? Number(pairUntil ?? 0) : 0, Number(accountUntil ?? 0));
    const waitMs = until - Date.now();
    if (waitMs > 0) {
      throw new TesseraError('rate-limited', 'LOGIN_TEMPORARILY_LOCKED', 'Too many failed logins. Wait before trying again, or reset the password.', {
        retryAfterSeconds: Math.ceil(waitMs / 1000),
      });
    }
  }

  async recordFailure(email: string, ip: string): Promise<FailureOutcome> {
    const { config } = this;
    const [delayMs, locked] = (await this.redis.client.eval(
      RECORD_FAILURE,
      4,
      this.pairKey(email, ip),
      this.accountCountKey(email),
      this.accountLockKey(email),
      this.clearedKey(email),
      Date.now(),
      config.lockoutFreeAttempts,
      config.lockoutMaxDelaySeconds * 1000,
      config.lockoutAccountMaxFailures,
      config.lockoutAccountWindowSeconds * 1000,
    )) as [number, number];
    return { delayMs, accountLocked: locked > 0 };
  }

  /** A successful login clears the delay of this account and address (not the account-wide lock). */
  async recordSuccess(email: string, ip: string): Promise<void> {
    await this.redis.client.del(this.pairKey(email, ip));
  }

  /** A password reset proves control of the mailbox: every lock on the account goes. */
  async clearAccount(email: string): Promise<void> {
    await this.redis.client.del(this.accountCountKey(email), this.accountLockKey(email));
    // Per-address delays are keyed by address; mark them stale instead of finding them.
    const memoryMs = Math.max(3_600_000, this.config.lockoutMaxDelaySeconds * 2000);
    await this.redis.client.set(this.clearedKey(email), String(Date.now()), 'PX', memoryMs);
  }

  private account(email: string): string {
    return createHash('sha256').update(email).digest('base64url');
  }

  private pairKey(email: string, ip: string): string {
    return this.redis.key('lockout', 'pair', this.account(email), ip);
  }

  private accountCountKey(email: string): string {
    return this.redis.key('lockout', 'account', this.account(email), 'failures');
  }

  private clearedKey(email: string): string {
    return this.redis.key('lockout', 'account', this.account(email), 'cleared');
  }

  private accountLockKey(email: string): string {
    return this.redis.key('lockout', 'account', this.account(email), 'locked');
  }
}
