import { Inject, Injectable } from '@nestjs/common';
import { MODULE_CONFIG, MODULE_REDIS, type ModuleRedis } from '@tessera/module-sdk';
import type { AuthConfig } from '../auth.config';

/**
 * Makes revocations reach access tokens at once, on every replica: a marker per revoked session, and a
 * per-user instant before which every session is over. Markers live only as long as an access token
 * can (after that the token has expired anyway); the database holds the lasting state for refreshes.
 */
@Injectable()
export class Revocations {
  constructor(
    @Inject(MODULE_REDIS) private readonly redis: ModuleRedis,
    @Inject(MODULE_CONFIG) private readonly config: AuthConfig,
  ) {}

  private get ttlMs(): number {
    return (this.config.accessTokenTtlSeconds + 60) * 1000;
  }

  async revokeSession(sessionId: string): Promise<void> {
    await this.redis.client.set(this.redis.key('revoked', 'session', sessionId), '1', 'PX', this.ttlMs);
  }

  /** Every session of the user that started before `at` is over. */
  async revokeUser(userId: string, at: Date): Promise<void> {
    await this.redis.client.set(this.redis.key('revoked', 'user', userId), String(at.getTime()), 'PX', this.ttlMs);
  }

  /** One round trip: is this session, or every session of this user started before it, revoked? */
  async isRevoked(sessionId: string, userId: string, sessionCreatedAt: number): Promise<boolean> {
    const [session, user] = await this.redis.client.mget(this.redis.key('revoked', 'session', sessionId), this.redis.key('revoked', 'user', userId));
    return session !== null || (user !== null && sessionCreatedAt < Number(user));
  }
}
