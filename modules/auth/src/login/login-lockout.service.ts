import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { MODULE_CONFIG, MODULE_REDIS, TesseraError, type ModuleRedis } from '@tessera/module-sdk';
import type { AuthConfig } from '../auth.config';
import { DeviceTokens } from './device-tokens.service';

// KEYS: pair (account+address), account counter, account lock, account cleared-at, device counter. ARGV: now
// ms, free attempts, max delay ms, account cap, account window ms, 1 when a trusted device token was
// presented. Returns { delay ms of the pair, account locked ms }.
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
if ARGV[6] == '1' then
  local deviceFailures = redis.call('INCR', KEYS[5])
  if deviceFailures == 1 then redis.call('PEXPIRE', KEYS[5], window) end
  if deviceFailures <= free then return { delay, 0 } end
end
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

/** One login attempt, as the lockout saw it before the password was checked. */
export interface LoginAttempt {
  readonly email: string;
  readonly ip: string;
  /** The id of the trusted device token presented, or null (none, invalid, expired or itself locked). */
  readonly deviceId: string | null;
}

/** Outcome of recording a failed login. */
export interface FailureOutcome {
  /** The per-account-and-address delay that now applies, in ms (0: none yet). */
  readonly delayMs: number;
  /** True when this failure locked the whole account. */
  readonly accountLocked: boolean;
}

/**
 * The login lockout policy, with its state in Redis so every replica applies it (the README explains it):
 * - per account and client address: after `lockoutFreeAttempts` failures, each further attempt must
 *   wait a doubling delay (1 s, 2 s, 4 s ... capped at `lockoutMaxDelaySeconds`); a success clears it;
 * - per account, from all addresses: `lockoutAccountMaxFailures` failures within the window lock the
 *   account for the window length, for clients without a device token only (OWASP's device cookies): a
 *   client that logged in before keeps getting in however many addresses an attacker rotates through. A
 *   device token's own failures count apart, and after `lockoutFreeAttempts` of them within the window it
 *   no longer passes the lock. A password reset clears every lock at once, ends the device tokens issued
 *   before it and hands out a new one.
 * Accounts are keyed by a hash of the email, whether or not the account exists.
 */
@Injectable()
export class LoginLockout {
  constructor(
    @Inject(MODULE_CONFIG) private readonly config: AuthConfig,
    @Inject(MODULE_REDIS) private readonly redis: ModuleRedis,
    private readonly devices: DeviceTokens,
  ) {}

  /** Throws 429 `LOGIN_TEMPORARILY_LOCKED` (with Retry-After) while a delay or lock applies to this client. */
  async assertAllowed(email: string, ip: string, deviceToken?: string): Promise<LoginAttempt> {
    const named = DeviceTokens.idOf(deviceToken);
    const [[pairUntil, pairAt], accountUntil, cleared, deviceFailures] = await Promise.all([
      this.redis.client.hmget(this.pairKey(email, ip), 'until', 'at'),
      this.redis.client.get(this.accountLockKey(email)),
      this.redis.client.get(this.clearedKey(email)),
      named ? this.redis.client.get(this.deviceKey(email, named)) : null,
    ]);
    // A password reset also ends the device tokens issued before it (one may have been stolen).
    const presented = this.devices.verify(this.account(email), deviceToken, Number(cleared ?? 0));
    const deviceId = presented && Number(deviceFailures ?? 0) < this.config.lockoutFreeAttempts ? presented : null;
    // Delays earned before the last password reset no longer count.
    const pairCounts = Number(pairAt ?? 0) >= Number(cleared ?? 0);
    const until = Math.max(pairCounts ? Number(pairUntil ?? 0) : 0, deviceId ? 0 : Number(accountUntil ?? 0));
    const waitMs = until - Date.now();
    if (waitMs > 0) {
      throw new TesseraError('rate-limited', 'LOGIN_TEMPORARILY_LOCKED', 'Too many failed logins. Wait before trying again, or reset the password.', {
        retryAfterSeconds: Math.ceil(waitMs / 1000),
      });
    }
    return { email, ip, deviceId };
  }

  async recordFailure(attempt: LoginAttempt): Promise<FailureOutcome> {
    const { config } = this;
    const { email, ip, deviceId } = attempt;
    const [delayMs, locked] = (await this.redis.client.eval(
      RECORD_FAILURE,
      5,
      this.pairKey(email, ip),
      this.accountCountKey(email),
      this.accountLockKey(email),
      this.clearedKey(email),
      this.deviceKey(email, deviceId ?? 'none'),
      Date.now(),
      config.lockoutFreeAttempts,
      config.lockoutMaxDelaySeconds * 1000,
      config.lockoutAccountMaxFailures,
      config.lockoutAccountWindowSeconds * 1000,
      deviceId ? '1' : '0',
    )) as [number, number];
    return { delayMs, accountLocked: locked > 0 };
  }

  /**
   * A successful login clears the delay of this account and address and the failures of its device token
   * (not the account-wide lock), and returns a fresh device token for the client to present next time.
   */
  async recordSuccess(attempt: LoginAttempt): Promise<string> {
    const { email, ip, deviceId } = attempt;
    await this.redis.client.del(this.pairKey(email, ip), ...(deviceId ? [this.deviceKey(email, deviceId)] : []));
    return this.devices.issue(this.account(email));
  }

  /**
   * A password reset proves control of the mailbox: every lock on the account and every device token issued
   * before goes, and the client gets a new device token, so the owner gets in from a new device even while an
   * attacker locks the account again.
   */
  async clearAccount(email: string): Promise<string> {
    // Per-address delays are keyed by address and device tokens are stateless: mark both stale instead of
    // finding them, for as long as either may last. Both commands go out together (one round trip).
    const memoryMs = Math.max(3_600_000, this.config.lockoutMaxDelaySeconds * 2000, this.config.lockoutDeviceTokenTtlDays * 86_400_000);
    await Promise.all([
      this.redis.client.del(this.accountCountKey(email), this.accountLockKey(email)),
      this.redis.client.set(this.clearedKey(email), String(Date.now()), 'PX', memoryMs),
    ]);
    return this.devices.issue(this.account(email));
  }

  private account(email: string): string {
    return createHash('sha256').update(email).digest('base64url');
  }

  private pairKey(email: string, ip: string): string {
    return this.redis.key('lockout', 'pair', this.account(email), ip);
  }

  private deviceKey(email: string, deviceId: string): string {
    return this.redis.key('lockout', 'device', this.account(email), deviceId);
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
