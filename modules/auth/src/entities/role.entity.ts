import { Entity, Property, type Opt } from '@mikro-orm/core';
import { TenantOwnedEntity } from '@tessera/module-sdk';

/** A tenant-defined role: a named set of tenant permissions. Built-in roles are not stored. */
@Entity({ tableName: 'auth_roles' })
export class Role extends TenantOwnedEntity {

  @Property({ type: 'text' })
  key!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  description: Opt<string> = '';

  @Property({ type: 'text[]' })
  permissions!: string[];
}
