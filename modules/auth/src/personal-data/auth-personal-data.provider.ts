import { EntityManager } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import type { ErasureResult, PersonalDataProvider, PersonalDataRecord, PersonalDataSubject } from '@tessera/module-sdk';
import { Invitation } from '../entities/invitation.entity';
import { Membership } from '../entities/membership.entity';
import { TenantSession } from '../entities/session.entity';
import { User } from '../entities/user.entity';
import { SessionsService } from '../sessions/sessions.service';

/**
 * Export and erasure of one person's auth data in the current tenant. The account row is global: a tenant
 * sees it only through a membership, and erasing in one tenant removes the membership, its sessions and
 * invitations; the account itself is retained (and said to be) while other tenants may still hold it.
 */
@Injectable()
export class AuthPersonalData implements PersonalDataProvider {
  constructor(
    private readonly em: EntityManager,
    private readonly sessions: SessionsService,
  ) {}

  async export(subject: PersonalDataSubject): Promise<readonly PersonalDataRecord[]> {
    const records: PersonalDataRecord[] = [];
    const member = await this.member(subject);
    if (member) {
      const { user, membership } = member;
      records.push({ type: 'account', id: user.id, data: { email: user.email, displayName: user.displayName, createdAt: user.createdAt.toISOString() } });
      records.push({ type: 'membership', id: membership.id, data: { role: membership.role, status: membership.status, since: membership.createdAt.toISOString() } });
      for (const session of await this.em.find(TenantSession, { userId: user.id }, { orderBy: { id: 'asc' } })) {
        records.push({
          type: 'session',
          id: session.id,
          data: {
            startedAt: session.createdAt.toISOString(),
            ip: session.ip,
            userAgent: session.userAgent,
            expiresAt: session.expiresAt.toISOString(),
            revokedAt: session.revokedAt?.toISOString() ?? null,
          },
        });
      }
    }
    for (const invitation of await this.invitations(subject, member?.user.email)) {
      records.push({ type: 'invitation', id: invitation.id, data: { email: invitation.email, role: invitation.role, expiresAt: invitation.expiresAt.toISOString() } });
    }
    return records;
  }

  async erase(subject: PersonalDataSubject): Promise<ErasureResult> {
    let erased = 0;
    const retained: Array<{ type: string; id: string; reason: string }> = [];
    const member = await this.member(subject);
    for (const invitation of await this.invitations(subject, member?.user.email)) {
      this.em.remove(invitation);
      erased += 1;
    }
    if (member) {
      const { user, membership } = member;
      const owners = membership.role === 'owner' ? await this.em.count(Membership, { role: 'owner', status: 'active' }) : 0;
      if (membership.role === 'owner' && owners <= 1) {
        retained.push({ type: 'membership', id: membership.id, reason: 'the last owner of the tenant: make someone else an owner, then erase again' });
      } else {
        await this.sessions.revokeInTenant(user.id, 'personal-data-erased');
        erased += await this.em.nativeDelete(TenantSession, { userId: user.id });
        this.em.remove(membership);
        erased += 1;
      }
      retained.push({ type: 'account', id: user.id, reason: 'the account is global: it is deleted once no tenant holds a membership' });
    }
    retained.push({ type: 'audit-entries', id: '*', reason: 'security audit entries are an append-only legal record (legitimate interest)' });
    await this.em.flush();
    return { erased, retained };
  }

  /** The subject's account and membership, only when they belong to the current tenant. */
  private async member(subject: PersonalDataSubject): Promise<{ user: User; membership: Membership } | undefined> {
    const where = subject.userId ? { id: subject.userId } : subject.email ? { email: subject.email.toLowerCase() } : undefined;
    if (!where) return undefined;
    const user = await this.em.findOne(User, where);
    const membership = user && (await this.em.findOne(Membership, { userId: user.id }));
    return user && membership ? { user, membership } : undefined;
  }

  private invitations(subject: PersonalDataSubject, accountEmail: string | undefined): Promise<Invitation[]> {
    const emails = [...new Set([subject.email?.toLowerCase(), accountEmail].filter((email): email is string => Boolean(email)))];
    return emails.length ? this.em.find(Invitation, { email: { $in: emails } }) : Promise.resolve([]);
  }
}
