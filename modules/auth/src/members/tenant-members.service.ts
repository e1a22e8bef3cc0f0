import { EntityManager } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { Membership } from '../entities/membership.entity';
import type { TenantMembers } from './tenant-members.contract';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `TENANT_MEMBERS`: memberships are tenant rows, so the ORM filter and row-level security scope the lookup. */
@Injectable()
export class TenantMembersService implements TenantMembers {
  constructor(private readonly em: EntityManager) {}

  async isMember(userId: string): Promise<boolean> {
    // Not a uuid: no member has it, and PostgreSQL would refuse the comparison.
    if (!UUID.test(userId)) return false;
    return (await this.em.count(Membership, { userId, status: 'active' })) > 0;
  }
}
