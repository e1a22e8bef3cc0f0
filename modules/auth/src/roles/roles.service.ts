import { EntityManager } from '@mikro-orm/core';
import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_LOG, ConflictError, ForbiddenError, NotFoundError, ValidationError, type AuditLog, type Principal } from '@tessera/module-sdk';
import { Invitation } from '../entities/invitation.entity';
import { Membership } from '../entities/membership.entity';
import { Role } from '../entities/role.entity';
import { BUILT_IN_ROLES, isBuiltInRole, RolePermissions } from './role-permissions.service';

export interface RoleView {
  readonly id: string | null;
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly builtIn: boolean;
  readonly permissions: readonly string[];
}

const BUILT_IN_NAMES: Readonly<Record<string, string>> = { owner: 'Owner', admin: 'Administrator', member: 'Member', 'read-only': 'Read-only' };

/** The tenant's roles: the four built-in ones (from the permission catalog) and its own. */
@Injectable()
export class RolesService {
  constructor(
    private readonly em: EntityManager,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
    private readonly permissions: RolePermissions,
  ) {}

  async list(query: { limit: number; cursor?: string }): Promise<{ data: RoleView[]; nextCursor: string | null }> {
    const builtIn = query.cursor
      ? []
      : BUILT_IN_ROLES.map((key) => ({ id: null, key, name: BUILT_IN_NAMES[key]!, description: '', builtIn: true, permissions: this.permissions.builtIn(key) }));
    const rows = await this.em.find(Role, query.cursor ? { id: { $gt: query.cursor } } : {}, { orderBy: { id: 'asc' }, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    return { data: [...builtIn, ...page.map((r) => this.view(r))], nextCursor: rows.length > query.limit ? page[page.length - 1]!.id : null };
  }

  async create(input: { key: string; name: string; description?: string; permissions: readonly string[] }, actor: Principal): Promise<RoleView> {
    if (isBuiltInRole(input.key)) throw new ConflictError('ROLE_KEY_TAKEN', `"${input.key}" is a built-in role.`);
    const permissions = this.checked(input.permissions, actor);
    if (await this.em.findOne(Role, { key: input.key })) throw new ConflictError('ROLE_KEY_TAKEN', `A role with the key "${input.key}" already exists.`);
    const role = this.em.create(Role, { key: input.key, name: input.name, description: input.description ?? '', permissions });
    await this.em.flush();
    await this.audit.record({ action: 'auth.role-created', target: { type: 'role', id: role.id }, after: this.view(role) });
    return this.view(role);
  }

  async update(id: string, input: { name?: string; description?: string; permissions?: readonly string[] }, actor: Principal): Promise<RoleView> {
    const role = await this.find(id);
    const before = this.view(role);
    if (input.permissions) role.permissions = this.checked(input.permissions, actor);
    if (input.name !== undefined) role.name = input.name;
    if (input.description !== undefined) role.description = input.description;
    await this.em.flush();
    await this.audit.record({ action: 'auth.role-updated', target: { type: 'role', id }, before, after: this.view(role) });
    return this.view(role);
  }

  async remove(id: string): Promise<void> {
    const role = await this.find(id);
    const inUse = (await this.em.count(Membership, { role: role.key })) + (await this.em.count(Invitation, { role: role.key, acceptedAt: null, revokedAt: null }));
    if (inUse > 0) throw new ConflictError('ROLE_IN_USE', `The role "${role.key}" is held by members or pending invitations; reassign them first.`);
    await this.em.removeAndFlush(role);
    await this.audit.record({ action: 'auth.role-deleted', target: { type: 'role', id }, before: this.view(role) });
  }

  private async find(id: string): Promise<Role> {
    const role = await this.em.findOne(Role, { id });
    if (!role) throw new NotFoundError('ROLE_NOT_FOUND', `Role ${id} was not found.`);
    return role;
  }

  /** Only declared tenant permissions, and only ones the actor holds. */
  private checked(requested: readonly string[], actor: Principal): string[] {
    const known = this.permissions.onlyKnown(requested);
    const unknown = requested.filter((p) => !known.includes(p));
    if (unknown.length > 0) throw new ValidationError(unknown.map((p) => ({ field: 'permissions', message: `"${p}" is not a tenant permission.` })));
    const beyond = known.filter((p) => !actor.permissions.has(p));
    if (beyond.length > 0) throw new ForbiddenError('ROLE_EXCEEDS_YOUR_PERMISSIONS', 'A role cannot hold permissions you do not hold.', { permissions: beyond });
    return known.sort();
  }

  private view(role: Role): RoleView {
    return { id: role.id, key: role.key, name: role.name, description: role.description, builtIn: false, permissions: role.permissions };
  }
}
