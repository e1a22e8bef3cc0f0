import { EntityManager } from '@mikro-orm/core';
import { Inject, Injectable } from '@nestjs/common';
import {
  AUDIT_LOG,
  ForbiddenError,
  NotFoundError,
  RequestContext,
  UNIT_OF_WORK,
  ValidationError,
  type AuditLog,
  type Principal,
  type UnitOfWork,
} from '@tessera/module-sdk';
import { invalidToken } from '../common/auth-errors';
import { SecretToken } from '../common/secret-token';
import { ApiKey } from '../entities/api-key.entity';
import { RolePermissions } from '../roles/role-permissions.service';

export const API_KEY_PREFIX = 'tsk';
const LAST_USED_PRECISION_MS = 60_000;

/** An API key as listed (never its secret). */
export interface ApiKeyView {
  readonly id: string;
  readonly name: string;
  readonly permissions: readonly string[];
  readonly createdBy: string;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

export const apiKeyView = (key: ApiKey): ApiKeyView => ({
  id: key.id,
  name: key.name,
  permissions: key.permissions,
  createdBy: key.createdBy,
  createdAt: key.createdAt.toISOString(),
  expiresAt: key.expiresAt?.toISOString() ?? null,
  lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
  revokedAt: key.revokedAt?.toISOString() ?? null,
});

/**
 * API keys for integrations: created by a tenant admin with a subset of their own permissions, shown
 * once, stored as a SHA-256 hash of a 256-bit secret, optionally expiring, revocable. They authenticate
 * through the same authenticator as access tokens, as principals of kind `api-key`.
 */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly em: EntityManager,
    @Inject(UNIT_OF_WORK) private readonly work: UnitOfWork,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
    private readonly roles: RolePermissions,
  ) {}

  async create(input: { name: string; permissions: readonly string[]; expiresAt?: Date }, creator: Principal): Promise<{ key: ApiKeyView; secret: string }> {
    if (creator.kind !== 'user') throw new ForbiddenError('API_KEY_CREATOR_MUST_BE_USER', 'API keys are created by people, not by other API keys.');
    const unknown = input.permissions.filter((p) => !this.roles.onlyKnown([p]).length);
    if (unknown.length > 0) {
      throw new ValidationError(unknown.map((p) => ({ field: 'permissions', message: `"${p}" is not a tenant permission.` })));
    }
    const beyond = input.permissions.filter((p) => !creator.permissions.has(p));
    if (beyond.length > 0) {
      throw new ForbiddenError('API_KEY_SCOPE_EXCEEDS_CREATOR', 'An API key cannot hold a permission its creator does not hold.', { permissions: beyond });
    }
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
      throw new ValidationError([{ field: 'expiresAt', message: 'must be in the future' }]);
    }
    const key = this.em.create(ApiKey, {
      name: input.name,
      permissions: [...new Set(input.permissions)].sort(),
      createdBy: creator.id,
      expiresAt: input.expiresAt ?? null,
      secretHash: 'pending',
    });
    const issued = SecretToken.issue(API_KEY_PREFIX, [RequestContext.requireTenantId(), key.id]);
    key.secretHash = issued.hash;
    await this.em.flush();
    await this.audit.record({ action: 'auth.api-key-created', target: { type: 'api-key', id: key.id }, after: { name: key.name, permissions: key.permissions, expiresAt: key.expiresAt } });
    return { key: apiKeyView(key), secret: issued.token };
  }

  async list(query: { limit: number; cursor?: string }): Promise<{ data: ApiKeyView[]; nextCursor: string | null }> {
    const keys = await this.em.find(ApiKey, query.cursor ? { id: { $gt: query.cursor } } : {}, { orderBy: { id: 'asc' }, limit: query.limit + 1 });
    const page = keys.slice(0, query.limit);
    return { data: page.map(apiKeyView), nextCursor: keys.length > query.limit ? page[page.length - 1]!.id : null };
  }

  async revoke(id: string): Promise<void> {
    const key = await this.em.findOne(ApiKey, { id });
    if (!key) throw new NotFoundError('API_KEY_NOT_FOUND', `API key ${id} was not found.`);
    if (key.revokedAt) return;
    key.revokedAt = new Date();
    await this.em.flush();
    await this.audit.record({ action: 'auth.api-key-revoked', target: { type: 'api-key', id: key.id } });
  }

  /** The principal of an API key credential; throws 401 for anything that is not a live key. */
  async authenticate(credential: string): Promise<Principal> {
    const parts = SecretToken.parse(API_KEY_PREFIX, 2, credential);
    const [tenantId, keyId] = parts?.ids ?? [];
    if (!parts || !tenantId || !keyId) throw invalidToken('INVALID_API_KEY', 'The API key is not valid.');
    const key = await this.work.withTenant(tenantId, async () => {
      const found = await this.em.findOne(ApiKey, { id: keyId });
      if (!found || !SecretToken.matches(parts.secret, found.secretHash)) return null;
      if (found.revokedAt || (found.expiresAt && found.expiresAt.getTime() <= Date.now())) return null;
      // Recorded at minute precision, so a busy integration does not write on every call.
      if (!found.lastUsedAt || Date.now() - found.lastUsedAt.getTime() > LAST_USED_PRECISION_MS) {
        await this.em.nativeUpdate(ApiKey, { id: found.id }, { lastUsedAt: new Date() });
      }
      return found;
    });
    if (!key) throw invalidToken('INVALID_API_KEY', 'The API key is not valid, has expired or was revoked.');
    return { kind: 'api-key', id: key.id, tenantId, permissions: new Set(this.roles.onlyKnown(key.permissions)) };
  }
}
