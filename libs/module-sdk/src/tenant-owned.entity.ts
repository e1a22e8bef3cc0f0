import { OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { v7 as uuidv7 } from 'uuid';

/** Static brand the platform uses to find tenant-owned entities (works across SDK copies). */
export const TENANT_OWNED_BRAND: unique symbol = Symbol.for('tessera.tenant-owned') as never;

/**
 * Base class for every entity that belongs to a tenant. Extending it is all a module author does for
 * isolation: the platform scopes every query on it to the current tenant (an ORM filter that cannot be
 * forgotten), stamps `tenantId` from the context on insert, and the table's row-level security policy
 * (see `tenantIsolation`) refuses anything the filter missed.
 *
 * Ids are UUIDv7, so ordering by `id` follows creation order (stable cursor pagination).
 *
 * @example
 * ```ts
 * @Entity({ tableName: 'tickets' })
 * export class Ticket extends TenantOwnedEntity {
 *   @Property({ type: 'text' })
 *   title!: string;
 * }
 * ```
 */
export abstract class TenantOwnedEntity {
  static readonly [TENANT_OWNED_BRAND] = true;

  /** Set by the platform, never required from input. Subclasses extend it: `[OptionalProps]?: 'status' | TenantOwnedEntity[typeof OptionalProps]`. */
  [OptionalProps]?: 'id' | 'tenantId' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** Set by the platform from the request context when the row is first persisted, whatever input says. */
  @Property({ type: 'uuid', fieldName: 'tenant_id' })
  tenantId!: string;

  @Property({ type: 'datetime', fieldName: 'created_at', onCreate: () => new Date() })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', fieldName: 'updated_at', onCreate: () => new Date(), onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

/**
 * True when `entity` (a class) extends {@link TenantOwnedEntity}.
 *
 * @example
 * ```ts
 * const tenantOwned = definition.entities?.filter(isTenantOwnedEntity) ?? [];
 * ```
 */
export function isTenantOwnedEntity(entity: unknown): boolean {
  return typeof entity === 'function' && (entity as unknown as Record<symbol, unknown>)[TENANT_OWNED_BRAND] === true;
}
