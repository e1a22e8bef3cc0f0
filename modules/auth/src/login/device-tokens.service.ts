import { createHmac, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { MODULE_CONFIG } from '@tessera/module-sdk';
import type { AuthConfig } from '../auth.config';
import { sameSecret } from '../common/secret-token';
import { derivedKey } from '../tokens/derived-key';

const PREFIX = 'tsd';
const FORMAT = /^tsd_([A-Za-z0-9_-]{22})\.([0-9]{1,12})\.([A-Za-z0-9_-]{43})$/;

/**
 * Device tokens, as in OWASP's "Slow Down Online Guessing Attacks with Device Cookies": proof that a
 * client has logged into an account before, so the account-wide lock (which an attacker can trigger from
 * anywhere) does not shut that client out. Stateless: `tsd_<nonce>.<issued at, s>.<HMAC>`, the HMAC-SHA256
 * covering the account (the hashed email), the nonce and the issue time, under a key derived from
 * `AUTH_KEY_ENCRYPTION_SECRET`. A token proves nothing about the password: it is checked like any other
 * login, and its own failures are capped (LoginLockout).
 */
@Injectable()
export class DeviceTokens {
  private readonly key: Buffer;
  private readonly ttlMs: number;

  constructor(@Inject(MODULE_CONFIG) config: AuthConfig) {
    this.key = derivedKey(config, 'login-device-token/v1');
    this.ttlMs = config.lockoutDeviceTokenTtlDays * 86_400_000;
  }

  /** A new device token for `account`. */
  issue(account: string): string {
    const nonce = randomBytes(16).toString('base64url');
    const issuedAt = String(Math.floor(Date.now() / 1000));
    return `${PREFIX}_${nonce}.${issuedAt}.${this.mac(account, nonce, issuedAt).toString('base64url')}`;
  }

  /**
   * The token's nonce (its id) when `token` is an unexpired device token of `account` issued in the second of
   * `notBeforeMs` or later (the account's last password reset); otherwise null.
   */
  verify(account: string, token: string | undefined, notBeforeMs = 0): string | null {
    const match = token ? FORMAT.exec(token) : null;
    if (!match) return null;
    const [, nonce, issuedAt, mac] = match as unknown as [string, string, string, string];
    if (!sameSecret(Buffer.from(mac, 'base64url'), this.mac(account, nonce, issuedAt))) return null;
    const issuedMs = Number(issuedAt) * 1000;
    return issuedMs + this.ttlMs > Date.now() && issuedMs >= Math.floor(notBeforeMs / 1000) * 1000 ? nonce : null;
  }

  /** The id a well-formed `token` names, not verified (to read its failure count alongside the other state). */
  static idOf(token: string | undefined): string | null {
    return (token && FORMAT.exec(token)?.[1]) || null;
  }

  private mac(account: string, nonce: string, issuedAt: string): Buffer {
    return createHmac('sha256', this.key).update(`${account}\n${nonce}\n${issuedAt}`).digest();
  }
}
