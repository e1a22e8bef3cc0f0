import { Entity, Property, type Opt } from '@mikro-orm/core';
import { TenantOwnedEntity } from '@tessera/module-sdk';

/** A user's place in one tenant: the role they hold there. */
@Entity({ tableName: 'auth_memberships' })
export class Membership extends TenantOwnedEntity {

  @Property({ type: 'uuid', fieldName: 'user_id' })
  userId!: string;

  /** A built-in role (`owner`, `admin`, `member`, `read-only`) or the key of a tenant-defined role. */
  @Property({ type: 'text' })
  role!: string;

  @Property({ type: 'text' })
  status: Opt<'active' | 'suspended'> = 'active';
}
