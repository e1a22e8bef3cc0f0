import { EntityManager } from '@mikro-orm/core';
import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_LOG, ForbiddenError, keepChanges, MODULE_CONFIG, TesseraError, type AuditLog, type Principal } from '@tessera/module-sdk';
import type { AuthConfig } from '../auth.config';
import type { ClientInfo } from '../common/client-info';
import { SecretToken } from '../common/secret-token';
import { Membership } from '../entities/membership.entity';
import { PasswordReset } from '../entities/password-reset.entity';
import { User } from '../entities/user.entity';
import { LoginLockout } from '../login/login-lockout.service';
import { AUTH_MAIL_SENDER, type MailSender } from '../mail/mail-sender';
import { RolePermissions } from '../roles/role-permissions.service';
import { SessionsService } from '../sessions/sessions.service';
import type { TokenPair } from '../sessions/token-pair';
import { PasswordHasher } from './password-hasher.service';

export const RESET_PREFIX = 'tsp';

const resetInvalid = () => new TesseraError('gone', 'RESET_TOKEN_INVALID', 'This password reset link is not valid, has expired or was already used.');

/**
 * Password change (with the current password) and reset (with a single-use, expiring link sent by mail).
 * Both end every session of the user, in every tenant; a change starts a fresh session for the caller.
 */
@Injectable()
export class PasswordsService {
  constructor(
    private readonly em: EntityManager,
    @Inject(MODULE_CONFIG) private readonly config: AuthConfig,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
    @Inject(AUTH_MAIL_SENDER) private readonly mail: MailSender,
    private readonly hasher: PasswordHasher,
    private readonly lockout: LoginLockout,
    private readonly sessions: SessionsService,
    private readonly roles: RolePermissions,
  ) {}

  /** Runs in the caller's unit of work (their tenant, or none for a platform admin). */
  async change(actor: Principal, input: { currentPassword: string; newPassword: string }, client: ClientInfo): Promise<TokenPair> {
    if (actor.kind !== 'user') throw new ForbiddenError('NOT_A_USER', 'Only a person has a password.');
    const user = await this.em.findOneOrFail(User, { id: actor.id });
    const attempt = await this.lockout.assertAllowed(user.email, client.ip);
    if (!(await this.hasher.verify(user.passwordHash, input.currentPassword))) {
      await this.lockout.recordFailure(attempt);
      await this.audit.record({ action: 'auth.password-change-failed', target: { type: 'user', id: user.id }, metadata: { ip: client.ip } });
      throw keepChanges(new ForbiddenError('CURRENT_PASSWORD_INCORRECT', 'The current password is not correct.'));
    }
    user.passwordHash = await this.hasher.hash(input.newPassword);
    user.passwordChangedAt = new Date();
    await this.em.flush();
    await this.sessions.revokeAllOfUser(user.id, actor.tenantId, 'password-changed');
    await this.audit.record({ action: 'auth.password-changed', target: { type: 'user', id: user.id } });
    const role = actor.tenantId ? (await this.em.findOneOrFail(Membership, { userId: user.id })).role : undefined;
    const permissions = role ? await this.roles.ofRole(role) : this.roles.platformPermissionKeys();
    return this.sessions.start({
      userId: user.id,
      tenantId: actor.tenantId,
      method: 'password-change',
      client,
      permissions: permissions ?? [],
      roles: role ? [role] : [],
    });
  }

  /** Sends a reset link when the account exists; the answer is the same either way. No tenant. */
  async requestReset(email: string, client: ClientInfo): Promise<void> {
    const user = await this.em.findOne(User, { email });
    if (!user || user.status !== 'active') return;
    const { token } = await this.issueReset(user);
    await this.audit.record({ action: 'auth.password-reset-requested', target: { type: 'user', id: user.id }, metadata: { ip: client.ip } });
    await this.mail.send({ to: user.email, template: 'password-reset', values: { link: `${this.config.publicUrl}/reset-password#token=${token}` } });
  }

  /** A single-use reset token for `user` (also the platform admin's first "set your password" link). */
  async issueReset(user: User): Promise<{ token: string; expiresAt: Date }> {
    const reset = this.em.create(PasswordReset, {
      userId: user.id,
      tokenHash: 'pending',
      expiresAt: new Date(Date.now() + this.config.passwordResetTtlMinutes * 60_000),
    });
    const issued = SecretToken.issue(RESET_PREFIX, [reset.id]);
    reset.tokenHash = issued.hash;
    await this.em.flush();
    return { token: issued.token, expiresAt: reset.expiresAt };
  }

  /**
   * Sets a new password with a reset token; ends every session and clears the login lockout. Returns a
   * device token for the client (it passes a per-account lock an attacker sets again). No tenant.
   */
  async reset(input: { token: string; newPassword: string }): Promise<{ deviceToken: string }> {
    const parts = SecretToken.parse(RESET_PREFIX, 1, input.token);
    const resetId = parts?.ids[0];
    if (!parts || !resetId) throw resetInvalid();
    const reset = await this.em.findOne(PasswordReset, { id: resetId });
    if (!reset || !SecretToken.matches(parts.secret, reset.tokenHash) || reset.usedAt || reset.expiresAt.getTime() <= Date.now()) throw resetInvalid();
    const user = await this.em.findOne(User, { id: reset.userId });
    if (!user || user.status !== 'active') throw resetInvalid();
    user.passwordHash = await this.hasher.hash(input.newPassword);
    user.passwordChangedAt = new Date();
    reset.usedAt = new Date();
    await this.em.nativeUpdate(PasswordReset, { userId: user.id, usedAt: null, id: { $ne: reset.id } }, { usedAt: new Date() });
    await this.em.flush();
    await this.sessions.revokeAllOfUser(user.id, null, 'password-reset');
    const deviceToken = await this.lockout.clearAccount(user.email);
    await this.audit.record({ action: 'auth.password-reset', target: { type: 'user', id: user.id } });
    return { deviceToken };
  }
}
