import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/core';
import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_LOG, keepChanges, TENANT_DIRECTORY, UNIT_OF_WORK, type AuditLog, type TenantDirectory, type UnitOfWork } from '@tessera/module-sdk';
import { invalidCredentials } from '../common/auth-errors';
import type { ClientInfo } from '../common/client-info';
import { Membership } from '../entities/membership.entity';
import { User } from '../entities/user.entity';
import { PasswordHasher } from '../passwords/password-hasher.service';
import { RolePermissions } from '../roles/role-permissions.service';
import { SessionsService } from '../sessions/sessions.service';
import type { TokenPair } from '../sessions/token-pair';
import { LoginLockout } from './login-lockout.service';

export interface PasswordLogin {
  /** Tenant slug; absent for a platform admin's login. */
  readonly tenant?: string;
  readonly email: string;
  readonly password: string;
  /** The device token of an earlier successful login from this client (lets it past the account-wide lock). */
  readonly deviceToken?: string;
}

/**
 * The result of a login. Today a password login ends authenticated; the MFA step will add
 * `{ status: 'mfa-required', challenge }`, after which the session starts.
 */
export type LoginResult = TokenPair & {
  /** Present it at the next login from this client: it passes the per-account lock (LoginLockout). */
  readonly deviceToken: string;
};

/**
 * Password login into one tenant (or, without a tenant, at platform level for platform admins). Every
 * failure gives the same answer after the same work (an argon2 verification and, for a tenant login, one
 * membership lookup, in a random tenant's scope when there is no such tenant): unknown tenant,
 * unknown email, no membership, disabled account and wrong password look alike. Failures
 * are audited and counted towards the lockout; both survive the failed request (`keepChanges`).
 */
@Injectable()
export class LoginService {
  constructor(
    private readonly em: EntityManager,
    @Inject(UNIT_OF_WORK) private readonly work: UnitOfWork,
    @Inject(TENANT_DIRECTORY) private readonly tenants: TenantDirectory,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
    private readonly hasher: PasswordHasher,
    private readonly lockout: LoginLockout,
    private readonly sessions: SessionsService,
    private readonly roles: RolePermissions,
  ) {}

  async login(input: PasswordLogin, client: ClientInfo): Promise<LoginResult> {
    const attempt = await this.lockout.assertAllowed(input.email, client.ip, input.deviceToken);
    const tenant = input.tenant ? await this.tenants.findBySlug(input.tenant) : null;
    const tenantId = tenant && tenant.status === 'active' ? tenant.id : null;
    const user = await this.em.findOne(User, { email: input.email });
    const passwordOk = await this.hasher.verify(user?.passwordHash ?? null, input.password);
    // A tenant login looks the membership up whether or not the tenant, the user or the password exist, with
    // the same query in the same kind of scope (for no such tenant, a random tenant id that sees no rows), so
    // every failure costs what a success would. A success goes on in that scope.
    const attemptScope = <T>(fn: () => Promise<T>) => (input.tenant ? this.work.withTenant(tenantId ?? randomUUID(), fn) : this.work.withoutTenant(fn));
    const outcome = await attemptScope(async () => {
      const membership = input.tenant ? await this.em.findOne(Membership, { userId: user?.id ?? randomUUID() }) : null;
      const allowed =
        passwordOk &&
        user !== null &&
        user.status === 'active' &&
        (input.tenant ? tenantId !== null && membership?.status === 'active' : user.isPlatformAdmin);
      if (!allowed || !user) return null;
      if (this.hasher.needsRehash(user.passwordHash!)) user.passwordHash = await this.hasher.hash(input.password);
      const permissions = tenantId ? await this.roles.ofRole(membership!.role) : this.roles.platformPermissionKeys();
      const pair = await this.sessions.start({
        userId: user.id,
        tenantId,
        method: 'password',
        client,
        permissions: permissions ?? [],
        roles: tenantId ? [membership!.role] : [],
      });
      await this.audit.record({ action: 'auth.login-succeeded', target: { type: 'user', id: user.id }, metadata: { sessionId: pair.sessionId, ip: client.ip } });
      return pair;
    });
    if (outcome) return { ...outcome, deviceToken: await this.lockout.recordSuccess(attempt) };

    // A failure (and the account lock it may set) goes in the tenant's audit chain, or the platform's when
    // there is no such active tenant: one more unit of work, the same for every kind of failure.
    const failure = await this.lockout.recordFailure(attempt);
    const target = user ? { type: 'user', id: user.id } : undefined;
    const auditFailure = async () => {
      await this.audit.record({ action: 'auth.login-failed', target, metadata: { email: input.email, tenant: input.tenant ?? null, ip: client.ip } });
      if (failure.accountLocked) await this.audit.record({ action: 'auth.account-locked', target, metadata: { email: input.email, ip: client.ip } });
    };
    await (tenantId ? this.work.withTenant(tenantId, auditFailure) : this.work.withoutTenant(auditFailure));
    throw keepChanges(invalidCredentials());
  }
}
