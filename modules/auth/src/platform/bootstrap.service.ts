import { EntityManager } from '@mikro-orm/core';
import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_LOG, TENANT_DIRECTORY, UNIT_OF_WORK, type AuditLog, type TenantDirectory, type TenantRecord, type UnitOfWork } from '@tessera/module-sdk';
import { User } from '../entities/user.entity';
import { InvitationsService, type InvitationView } from '../invitations/invitations.service';
import { PasswordsService } from '../passwords/passwords.service';

export interface CreatedTenant {
  readonly tenant: Pick<TenantRecord, 'id' | 'slug' | 'name' | 'plan' | 'status'>;
  readonly ownerInvitation: InvitationView & { readonly token: string };
}

/**
 * How a platform gets its first people: a platform admin (CLI only), and tenants with their first owner
 * (CLI, or the platform admin API). Both hand out single-use links instead of taking passwords on a
 * command line.
 */
@Injectable()
export class BootstrapService {
  constructor(
    private readonly em: EntityManager,
    @Inject(UNIT_OF_WORK) private readonly work: UnitOfWork,
    @Inject(TENANT_DIRECTORY) private readonly tenants: TenantDirectory,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
    private readonly invitations: InvitationsService,
    private readonly passwords: PasswordsService,
  ) {}

  /** Makes `email` a platform admin (creating the account); returns a set-password link token if it has no password. */
  createPlatformAdmin(email: string, displayName = ''): Promise<{ userId: string; created: boolean; setPasswordToken: string | null }> {
    return this.work.withoutTenant(async () => {
      let user = await this.em.findOne(User, { email });
      const created = !user;
      user ??= this.em.create(User, { email, displayName });
      user.isPlatformAdmin = true;
      await this.em.flush();
      await this.audit.record({ action: 'auth.platform-admin-granted', target: { type: 'user', id: user.id }, metadata: { email, created } });
      const setPasswordToken = user.passwordHash ? null : (await this.passwords.issueReset(user)).token;
      return { userId: user.id, created, setPasswordToken };
    });
  }

  /** Creates a tenant and invites its first owner; the invitation token is returned once. */
  async createTenant(input: { slug: string; name: string; plan?: string; ownerEmail: string }, invitedBy: string): Promise<CreatedTenant> {
    const tenant = await this.tenants.create({ slug: input.slug, name: input.name, plan: input.plan });
    await this.audit.record({ action: 'auth.tenant-created', target: { type: 'tenant', id: tenant.id }, after: { slug: tenant.slug, name: tenant.name, ownerEmail: input.ownerEmail } });
    const { invitation, token } = await this.work.withTenant(tenant.id, () => this.invitations.inviteFirstOwner(input.ownerEmail, invitedBy));
    return {
      tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name, plan: tenant.plan, status: tenant.status },
      ownerInvitation: { ...invitation, token },
    };
  }
}
