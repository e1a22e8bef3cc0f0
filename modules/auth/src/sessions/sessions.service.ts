import { EntityManager, LockMode } from '@mikro-orm/core';
import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_LOG, keepChanges, MODULE_CONFIG, TENANT_DIRECTORY, TesseraError, UNIT_OF_WORK, type AuditLog, type TenantDirectory, type UnitOfWork } from '@tessera/module-sdk';
import type { AuthConfig } from '../auth.config';
import { invalidRefreshToken } from '../common/auth-errors';
import type { ClientInfo } from '../common/client-info';
import { SecretToken } from '../common/secret-token';
import { Membership } from '../entities/membership.entity';
import { PlatformSession, TenantSession, type SessionFields, type SessionMethod } from '../entities/session.entity';
import { User } from '../entities/user.entity';
import { RolePermissions } from '../roles/role-permissions.service';
import { AccessTokens } from '../tokens/access-tokens.service';
import { Revocations } from '../tokens/revocations.service';
import type { TokenPair } from './token-pair';

/** What a session may do: the permissions, and the roles they come from. */
interface Grant {
  readonly permissions: readonly string[];
  readonly roles: readonly string[];
}

export const REFRESH_TOKEN_PREFIX = 'tsr';
/** Hashes of replaced refresh tokens kept per session for reuse detection; older ones are merely invalid. */
const REMEMBERED_TOKENS = 50;

type SessionClass = typeof TenantSession | typeof PlatformSession;
type RefreshOutcome = { ok: true; pair: TokenPair } | { ok: false; error: TesseraError; keep: boolean };

const sessionClass = (tenantId: string | null): SessionClass => (tenantId ? TenantSession : PlatformSession);

/**
 * Login sessions and their refresh tokens. A session is a token family: each refresh replaces the
 * refresh token (rotation); presenting a replaced one means it was copied, so the whole family is
 * revoked (reuse detection). Sessions end when idle too long, at their absolute lifetime, on logout,
 * and when the user's sessions are revoked as a whole (password reset, "log out everywhere").
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly em: EntityManager,
    @Inject(UNIT_OF_WORK) private readonly work: UnitOfWork,
    @Inject(MODULE_CONFIG) private readonly config: AuthConfig,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
    @Inject(TENANT_DIRECTORY) private readonly tenants: TenantDirectory,
    private readonly tokens: AccessTokens,
    private readonly revocations: Revocations,
    private readonly roles: RolePermissions,
  ) {}

  /** Starts a session; runs in the unit of work of `tenantId` (or without tenant for a platform admin). */
  async start(input: {
    userId: string;
    tenantId: string | null;
    method: SessionMethod;
    client: ClientInfo;
    permissions: readonly string[];
    /** The membership role(s) the permissions come from; empty for a platform admin. */
    roles: readonly string[];
  }): Promise<TokenPair> {
    const now = Date.now();
    const Session = sessionClass(input.tenantId);
    const session = this.em.create(Session as typeof TenantSession, {
      userId: input.userId,
      refreshHash: 'pending',
      method: input.method,
      expiresAt: new Date(now + this.config.sessionMaxAgeSeconds * 1000),
      idleExpiresAt: new Date(now + Math.min(this.config.refreshTokenIdleSeconds, this.config.sessionMaxAgeSeconds) * 1000),
      ip: input.client.ip,
      userAgent: input.client.userAgent,
    });
    const refresh = SecretToken.issue(REFRESH_TOKEN_PREFIX, [input.tenantId, session.id]);
    session.refreshHash = refresh.hash;
    await this.em.flush();
    return this.pair(session, input.tenantId, refresh.token, input);
  }

  /** Rotates a refresh token. A reused token revokes its family, and that revocation is kept. */
  async refresh(refreshToken: string, client: ClientInfo): Promise<TokenPair> {
    const parts = SecretToken.parse(REFRESH_TOKEN_PREFIX, 2, refreshToken);
    if (!parts || !parts.ids[1]) throw invalidRefreshToken();
    const [tenantId, sessionId] = parts.ids as [string | null, string];
    const rotate = () => this.rotate(tenantId, sessionId, parts.secret, client);
    const outcome = await (tenantId ? this.work.withTenant(tenantId, rotate) : this.work.withoutTenant(rotate));
    if (outcome.ok) return outcome.pair;
    // Thrown here, outside the savepoint, so a family revocation commits with the request.
    throw outcome.keep ? keepChanges(outcome.error) : outcome.error;
  }

  private async rotate(tenantId: string | null, sessionId: string, secret: string, client: ClientInfo): Promise<RefreshOutcome> {
    const Session = sessionClass(tenantId) as typeof TenantSession;
    const session: SessionFields | null = await this.em.findOne(Session, { id: sessionId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!session || session.revokedAt) return { ok: false, error: invalidRefreshToken(), keep: false };
    if (!SecretToken.matches(secret, session.refreshHash)) {
      if (!session.previousHashes.includes(SecretToken.hash(secret))) return { ok: false, error: invalidRefreshToken(), keep: false };
      await this.revokeRow(session, 'refresh-token-reused');
      await this.audit.record({
        action: 'auth.token-family-revoked',
        target: { type: 'session', id: session.id },
        metadata: { reason: 'refresh-token-reused', userId: session.userId, ip: client.ip },
      });
      const error = new TesseraError('unauthenticated', 'REFRESH_TOKEN_REUSED', 'This refresh token was already used. The session has been ended; log in again.');
      return { ok: false, error, keep: true };
    }
    const now = new Date();
    if (session.expiresAt <= now || session.idleExpiresAt <= now) return { ok: false, error: invalidRefreshToken(), keep: false };

    const grant = await this.currentGrant(session, tenantId);
    if (!grant) {
      await this.revokeRow(session, 'access-withdrawn');
      return { ok: false, error: invalidRefreshToken(), keep: true };
    }
    const next = SecretToken.issue(REFRESH_TOKEN_PREFIX, [tenantId, session.id]);
    session.previousHashes = [...session.previousHashes, session.refreshHash].slice(-REMEMBERED_TOKENS);
    session.refreshHash = next.hash;
    session.generation += 1;
    session.ip = client.ip;
    session.idleExpiresAt = new Date(Math.min(now.getTime() + this.config.refreshTokenIdleSeconds * 1000, session.expiresAt.getTime()));
    await this.em.flush();
    return { ok: true, pair: this.pair(session, tenantId, next.token, grant) };
  }

  /** What the session's user may do now, or `null` when they no longer may act here at all. */
  private async currentGrant(session: SessionFields, tenantId: string | null): Promise<Grant | null> {
    const user = await this.em.findOne(User, { id: session.userId });
    if (!user || user.status !== 'active' || session.createdAt < user.sessionsValidAfter) return null;
    if (!tenantId) return user.isPlatformAdmin ? { permissions: this.roles.platformPermissionKeys(), roles: [] } : null;
    if ((await this.tenants.get(tenantId)).status !== 'active') return null;
    const membership = await this.em.findOne(Membership, { userId: user.id });
    if (!membership || membership.status !== 'active') return null;
    const permissions = await this.roles.ofRole(membership.role);
    return permissions ? { permissions, roles: [membership.role] } : null;
  }

  /** Ends one session (logout); runs in the session's unit of work. Unknown ids are ignored. */
  async revoke(sessionId: string, tenantId: string | null, reason: string): Promise<void> {
    const session: SessionFields | null = await this.em.findOne(sessionClass(tenantId) as typeof TenantSession, { id: sessionId });
    if (session && !session.revokedAt) await this.revokeRow(session, reason);
    await this.revocations.revokeSession(sessionId);
  }

  /**
   * Ends every session of the user, in every tenant: sessions started before now are refused at their
   * next refresh (the user row is global), and their access tokens at once (Revocations). The rows of
   * the current tenant are marked revoked too, for the session list.
   */
  async revokeAllOfUser(userId: string, tenantId: string | null, reason: string): Promise<Date> {
    const at = new Date();
    await this.em.nativeUpdate(User, { id: userId }, { sessionsValidAfter: at });
    await this.em.nativeUpdate(sessionClass(tenantId) as typeof TenantSession, { userId, revokedAt: null }, { revokedAt: at, revokedReason: reason });
    await this.revocations.revokeUser(userId, at);
    return at;
  }

  /** Ends every session of a user in the current tenant (membership removed or suspended). */
  async revokeInTenant(userId: string, reason: string): Promise<void> {
    const sessions = await this.em.find(TenantSession, { userId, revokedAt: null });
    for (const session of sessions) await this.revoke(session.id, session.tenantId, reason);
  }

  private async revokeRow(session: SessionFields, reason: string): Promise<void> {
    session.revokedAt = new Date();
    session.revokedReason = reason;
    await this.em.flush();
    await this.revocations.revokeSession(session.id);
  }

  private pair(session: SessionFields, tenantId: string | null, refreshToken: string, grant: Grant): TokenPair {
    const { accessToken, expiresIn } = this.tokens.issue({
      userId: session.userId,
      tenantId,
      sessionId: session.id,
      sessionCreatedAt: session.createdAt.getTime(),
      permissions: grant.permissions,
      roles: grant.roles,
    });
    return { status: 'authenticated', tokenType: 'Bearer', accessToken, expiresIn, refreshToken, sessionId: session.id, tenantId, userId: session.userId };
  }
}
