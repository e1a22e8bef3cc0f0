import { EntityManager } from '@mikro-orm/core';
import { Inject, Injectable } from '@nestjs/common';
import {
  AUDIT_LOG,
  ConflictError,
  MODULE_CONFIG,
  NotFoundError,
  RequestContext,
  TesseraError,
  UNIT_OF_WORK,
  ValidationError,
  type AuditLog,
  type Principal,
  type UnitOfWork,
} from '@tessera/module-sdk';
import type { AuthConfig } from '../auth.config';
import { SecretToken } from '../common/secret-token';
import { Invitation } from '../entities/invitation.entity';
import { Membership } from '../entities/membership.entity';
import { User } from '../entities/user.entity';
import { AUTH_MAIL_SENDER, type MailSender } from '../mail/mail-sender';
import { PasswordHasher } from '../passwords/password-hasher.service';
import { RoleAssignment } from '../roles/role-assignment.service';
import { RolePermissions } from '../roles/role-permissions.service';

export const INVITATION_PREFIX = 'tsi';

export interface InvitationView {
  readonly id: string;
  readonly email: string;
  readonly role: string;
  readonly invitedBy: string;
  readonly expiresAt: string;
  readonly acceptedAt: string | null;
  readonly revokedAt: string | null;
  readonly createdAt: string;
}

const invitationGone = () =>
  new TesseraError('gone', 'INVITATION_INVALID', 'This invitation link is not valid, has expired, was revoked or was already used.');

/**
 * Invitations to a tenant by email: a single-use, expiring token sent by mail (stored hashed). Accepting
 * creates the account if there is none (with the password given then) and the membership with the role.
 */
@Injectable()
export class InvitationsService {
  constructor(
    private readonly em: EntityManager,
    @Inject(UNIT_OF_WORK) private readonly work: UnitOfWork,
    @Inject(MODULE_CONFIG) private readonly config: AuthConfig,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
    @Inject(AUTH_MAIL_SENDER) private readonly mail: MailSender,
    private readonly assignment: RoleAssignment,
    private readonly roles: RolePermissions,
    private readonly hasher: PasswordHasher,
  ) {}

  /** An invitation by a member with `auth.members.manage`, for a role they may grant. */
  async invite(input: { email: string; role: string }, actor: Principal): Promise<InvitationView> {
    await this.assignment.assertMayGrant(actor, input.role);
    const { invitation } = await this.issue(input.email, input.role, `${actor.kind}:${actor.id}`);
    return this.view(invitation);
  }

  /** The first owner of a new tenant, invited by the platform; runs in the new tenant's unit of work. */
  async inviteFirstOwner(email: string, invitedBy: string): Promise<{ invitation: InvitationView; token: string }> {
    const { invitation, token } = await this.issue(email, 'owner', invitedBy);
    return { invitation: this.view(invitation), token };
  }

  private async issue(email: string, role: string, invitedBy: string): Promise<{ invitation: Invitation; token: string }> {
    if (!(await this.roles.ofRole(role))) throw new TesseraError('unprocessable', 'ROLE_NOT_FOUND', `There is no role "${role}" in this tenant.`, { field: 'role' });
    const user = await this.em.findOne(User, { email });
    if (user && (await this.em.findOne(Membership, { userId: user.id }))) {
      throw new ConflictError('ALREADY_A_MEMBER', `${email} is already a member of this tenant.`);
    }
    const invitation = this.em.create(Invitation, {
      email,
      role,
      invitedBy,
      tokenHash: 'pending',
      expiresAt: new Date(Date.now() + this.config.invitationTtlHours * 3_600_000),
    });
    const issued = SecretToken.issue(INVITATION_PREFIX, [RequestContext.requireTenantId(), invitation.id]);
    invitation.tokenHash = issued.hash;
    await this.em.flush();
    await this.audit.record({ action: 'auth.invitation-created', target: { type: 'invitation', id: invitation.id }, after: { email, role } });
    await this.mail.send({
      to: email,
      template: 'invitation',
      values: { link: `${this.config.publicUrl}/accept-invitation#token=${issued.token}`, role, expiresAt: invitation.expiresAt.toISOString() },
    });
    return { invitation, token: issued.token };
  }

  async list(query: { limit: number; cursor?: string }): Promise<{ data: InvitationView[]; nextCursor: string | null }> {
    const rows = await this.em.find(Invitation, query.cursor ? { id: { $gt: query.cursor } } : {}, { orderBy: { id: 'asc' }, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    return { data: page.map((i) => this.view(i)), nextCursor: rows.length > query.limit ? page[page.length - 1]!.id : null };
  }

  async revoke(id: string): Promise<void> {
    const invitation = await this.em.findOne(Invitation, { id });
    if (!invitation) throw new NotFoundError('INVITATION_NOT_FOUND', `Invitation ${id} was not found.`);
    if (invitation.revokedAt || invitation.acceptedAt) return;
    invitation.revokedAt = new Date();
    await this.em.flush();
    await this.audit.record({ action: 'auth.invitation-revoked', target: { type: 'invitation', id } });
  }

  /** Redeems an invitation (public: the token is the credential). */
  async accept(input: { token: string; password?: string; displayName?: string }): Promise<{ tenantId: string; userId: string; email: string; role: string }> {
    const parts = SecretToken.parse(INVITATION_PREFIX, 2, input.token);
    const [tenantId, invitationId] = parts?.ids ?? [];
    if (!parts || !tenantId || !invitationId) throw invitationGone();
    return this.work.withTenant(tenantId, async () => {
      const invitation = await this.em.findOne(Invitation, { id: invitationId });
      if (!invitation || !SecretToken.matches(parts.secret, invitation.tokenHash)) throw invitationGone();
      if (invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt.getTime() <= Date.now()) throw invitationGone();
      let user = await this.em.findOne(User, { email: invitation.email });
      if (!user) {
        if (!input.password) throw new ValidationError([{ field: 'password', message: 'is required to create your account' }]);
        user = this.em.create(User, { email: invitation.email, displayName: input.displayName ?? '', passwordHash: await this.hasher.hash(input.password) });
        user.passwordChangedAt = new Date();
        // Its id is a plain column on the membership, not an ORM relation: insert the user first.
        await this.em.flush();
      }
      if (await this.em.findOne(Membership, { userId: user.id })) throw new ConflictError('ALREADY_A_MEMBER', 'You are already a member of this tenant.');
      this.em.create(Membership, { userId: user.id, role: invitation.role });
      invitation.acceptedAt = new Date();
      await this.em.flush();
      await this.audit.record({ action: 'auth.invitation-accepted', target: { type: 'invitation', id: invitation.id }, metadata: { userId: user.id, role: invitation.role } });
      return { tenantId, userId: user.id, email: user.email, role: invitation.role };
    });
  }

  private view(invitation: Invitation): InvitationView {
    return {
      id: invitation.id,
      email: invitation.email,
      role: invitation.role,
      invitedBy: invitation.invitedBy,
      expiresAt: invitation.expiresAt.toISOString(),
      acceptedAt: invitation.acceptedAt?.toISOString() ?? null,
      revokedAt: invitation.revokedAt?.toISOString() ?? null,
      createdAt: invitation.createdAt.toISOString(),
    };
  }
}
