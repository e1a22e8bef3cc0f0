import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { v7 as uuidv7 } from 'uuid';

export type TenantStatus = 'active' | 'suspended';

/** A customer organisation. A platform table: no `tenant_id`, not under row-level security. */
@Entity({ tableName: 'tenants' })
export class Tenant {
  [OptionalProps]?: 'id' | 'status' | 'plan' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** URL-safe handle, unique across the platform (used at login). */
  @Property({ type: 'text', unique: true })
  slug!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  status: TenantStatus = 'active';

  /** The commercial plan; plan entitlements are resolved from it. */
  @Property({ type: 'text' })
  plan = 'free';

  @Property({ type: 'datetime', fieldName: 'created_at' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', fieldName: 'updated_at', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
