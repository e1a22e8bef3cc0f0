import { Inject, Injectable } from '@nestjs/common';
import { MODULE_CONFIG, type Principal } from '@tessera/module-sdk';
import type { AuthConfig } from '../auth.config';
import { invalidToken } from '../common/auth-errors';
import { kidOf, signJws, verifyJws } from './compact-jws';
import { SigningKeys } from './signing-keys.service';

export const ACCESS_TOKEN_AUDIENCE = 'tessera-api';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISSUED_AT_SKEW_S = 60;

/** What an access token asserts. */
export interface AccessClaims {
  readonly userId: string;
  /** `null` for a platform admin's token. */
  readonly tenantId: string | null;
  readonly sessionId: string;
  /** When the session started (ms): tokens of sessions started before a user-wide revocation are refused. */
  readonly sessionCreatedAt: number;
  readonly permissions: readonly string[];
  /** The tenant role(s) the permissions come from; empty for a platform admin. */
  readonly roles: readonly string[];
}

/** A verified access token. */
export interface VerifiedAccessToken extends AccessClaims {
  readonly expiresAt: number;
}

/**
 * Short-lived access tokens: JWTs (RFC 9068 `at+jwt`) signed with Ed25519 by the active signing key.
 * They carry the permissions of the role at issue time, so a role change reaches a session at its next
 * refresh (at most `accessTokenTtlSeconds` later); revocations are immediate (see Revocations).
 */
@Injectable()
export class AccessTokens {
  constructor(
    private readonly keys: SigningKeys,
    @Inject(MODULE_CONFIG) private readonly config: AuthConfig,
  ) {}

  issue(claims: AccessClaims): { accessToken: string; expiresIn: number } {
    const now = Math.floor(Date.now() / 1000);
    const { kid, privateKey } = this.keys.signingKey();
    const payload = {
      iss: this.config.issuer,
      aud: ACCESS_TOKEN_AUDIENCE,
      sub: claims.userId,
      ...(claims.tenantId ? { tid: claims.tenantId } : {}),
      sid: claims.sessionId,
      sct: claims.sessionCreatedAt,
      perm: [...claims.permissions],
      rol: [...claims.roles],
      iat: now,
      exp: now + this.config.accessTokenTtlSeconds,
    };
    return { accessToken: signJws(payload, kid, privateKey), expiresIn: this.config.accessTokenTtlSeconds };
  }

  /** Verifies signature, issuer, audience, lifetime and claim shapes; throws 401 otherwise. */
  async verify(token: string): Promise<VerifiedAccessToken> {
    const kid = kidOf(token);
    if (kid !== undefined && !this.keys.verificationKey(kid)) await this.keys.learn(kid);
    const verified = verifyJws(token, (k) => this.keys.verificationKey(k));
    if (!verified) throw invalidToken();
    const claims = verified.payload;
    const now = Math.floor(Date.now() / 1000);
    const { iss, aud, sub, tid, sid, sct, perm, rol, iat, exp } = claims;
    const wellFormed =
      iss === this.config.issuer &&
      aud === ACCESS_TOKEN_AUDIENCE &&
      typeof sub === 'string' && UUID.test(sub) &&
      (tid === undefined || (typeof tid === 'string' && UUID.test(tid))) &&
      typeof sid === 'string' && UUID.test(sid) &&
      typeof sct === 'number' &&
      Array.isArray(perm) && perm.every((p) => typeof p === 'string') &&
      // Tokens issued before roles were added carry none; they expire within one access-token lifetime.
      (rol === undefined || (Array.isArray(rol) && rol.every((r) => typeof r === 'string'))) &&
      typeof iat === 'number' && iat <= now + ISSUED_AT_SKEW_S &&
      typeof exp === 'number';
    if (!wellFormed) throw invalidToken();
    if (exp <= now) throw invalidToken('ACCESS_TOKEN_EXPIRED', 'The access token has expired; refresh it.');
    const permissions = perm as string[];
    // A tenant token never carries platform permissions, and a platform token nothing else.
    const platformOnly = permissions.every((p) => p.startsWith('platform.'));
    const noPlatform = permissions.every((p) => !p.startsWith('platform.'));
    if (tid === undefined ? !platformOnly : !noPlatform) throw invalidToken();
    const roles = (rol as string[] | undefined) ?? [];
    return { userId: sub, tenantId: (tid as string | undefined) ?? null, sessionId: sid, sessionCreatedAt: sct, permissions, roles, expiresAt: exp * 1000 };
  }

  /** The principal of a verified token. */
  static principalOf(token: VerifiedAccessToken): Principal {
    return {
      kind: 'user',
      id: token.userId,
      tenantId: token.tenantId,
      permissions: new Set(token.permissions),
      roles: new Set(token.roles),
      sessionId: token.sessionId,
    };
  }
}
