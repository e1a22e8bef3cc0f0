import { EntityManager } from '@mikro-orm/core';
import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_LOG, ConflictError, ForbiddenError, NotFoundError, type AuditLog, type Principal } from '@tessera/module-sdk';
import { Membership } from '../entities/membership.entity';
import { User } from '../entities/user.entity';
import { RoleAssignment } from '../roles/role-assignment.service';
import { SessionsService } from '../sessions/sessions.service';

export interface MemberView {
  readonly id: string;
  readonly userId: string;
  readonly email: string;
  readonly displayName: string;
  readonly role: string;
  readonly status: string;
  readonly createdAt: string;
}

/** The members of the current tenant: list, change role, remove. */
@Injectable()
export class MembersService {
  constructor(
    private readonly em: EntityManager,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
    private readonly assignment: RoleAssignment,
    private readonly sessions: SessionsService,
  ) {}

  async list(query: { limit: number; cursor?: string }): Promise<{ data: MemberView[]; nextCursor: string | null }> {
    const rows = await this.em.find(Membership, query.cursor ? { id: { $gt: query.cursor } } : {}, { orderBy: { id: 'asc' }, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    const users = new Map((await this.em.find(User, { id: { $in: page.map((m) => m.userId) } })).map((u) => [u.id, u]));
    return {
      data: page.map((m) => this.view(m, users.get(m.userId))),
      nextCursor: rows.length > query.limit ? page[page.length - 1]!.id : null,
    };
  }

  async changeRole(id: string, role: string, actor: Principal): Promise<MemberView> {
    const membership = await this.find(id);
    if (membership.role === role) return this.view(membership, await this.em.findOne(User, { id: membership.userId }));
    await this.assertMayChange(membership, actor);
    await this.assignment.assertMayGrant(actor, role);
    const before = { role: membership.role };
    membership.role = role;
    await this.em.flush();
    await this.audit.record({ action: 'auth.member-role-changed', target: { type: 'membership', id }, before, after: { role }, metadata: { userId: membership.userId } });
    return this.view(membership, await this.em.findOne(User, { id: membership.userId }));
  }

  async remove(id: string, actor: Principal): Promise<void> {
    const membership = await this.find(id);
    await this.assertMayChange(membership, actor);
    await this.em.removeAndFlush(membership);
    await this.sessions.revokeInTenant(membership.userId, 'membership-removed');
    await this.audit.record({ action: 'auth.member-removed', target: { type: 'membership', id }, before: { userId: membership.userId, role: membership.role } });
  }

  private async find(id: string): Promise<Membership> {
    const membership = await this.em.findOne(Membership, { id });
    if (!membership) throw new NotFoundError('MEMBER_NOT_FOUND', `Member ${id} was not found.`);
    return membership;
  }

  /** Owners are changed only by owners, and a tenant always keeps one. */
  private async assertMayChange(membership: Membership, actor: Principal): Promise<void> {
    if (membership.role !== 'owner') return;
    if (!(await this.assignment.isOwner(actor))) throw new ForbiddenError('OWNER_ROLE_RESERVED', 'Only an owner can change or remove an owner.');
    const owners = await this.em.count(Membership, { role: 'owner', status: 'active' });
    if (owners <= 1) throw new ConflictError('LAST_OWNER', 'A tenant must keep at least one owner; make someone else an owner first.');
  }

  private view(membership: Membership, user: User | null | undefined): MemberView {
    return {
      id: membership.id,
      userId: membership.userId,
      email: user?.email ?? '',
      displayName: user?.displayName ?? '',
      role: membership.role,
      status: membership.status,
      createdAt: membership.createdAt.toISOString(),
    };
  }
}
