import { EntityManager } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { ForbiddenError, TesseraError, type Principal } from '@tessera/module-sdk';
import { Membership } from '../entities/membership.entity';
import { RolePermissions } from './role-permissions.service';

/**
 * Who may hand out which role: never a role holding a permission the actor lacks, and the owner role
 * only by an owner (an admin cannot make anyone, themselves included, an owner). Runs in the tenant's
 * unit of work.
 */
@Injectable()
export class RoleAssignment {
  constructor(
    private readonly em: EntityManager,
    private readonly roles: RolePermissions,
  ) {}

  /** The permissions of `role`; 422 `ROLE_NOT_FOUND`, 403 when the actor may not grant it. */
  async assertMayGrant(actor: Principal, role: string): Promise<string[]> {
    const permissions = await this.roles.ofRole(role);
    if (!permissions) throw new TesseraError('unprocessable', 'ROLE_NOT_FOUND', `There is no role "${role}" in this tenant.`, { field: 'role' });
    if (role === 'owner' && !(await this.isOwner(actor))) {
      throw new ForbiddenError('OWNER_ROLE_RESERVED', 'Only an owner can grant or withdraw the owner role.');
    }
    const beyond = permissions.filter((p) => !actor.permissions.has(p));
    if (beyond.length > 0) throw new ForbiddenError('ROLE_EXCEEDS_YOUR_PERMISSIONS', 'You cannot grant a role with permissions you do not hold.', { permissions: beyond });
    return permissions;
  }

  async isOwner(actor: Principal): Promise<boolean> {
    if (actor.kind !== 'user') return false;
    const membership = await this.em.findOne(Membership, { userId: actor.id });
    return membership?.role === 'owner' && membership.status === 'active';
  }
}
