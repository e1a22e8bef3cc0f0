import type { EntityMetadata } from '@mikro-orm/core';
import { isTenantOwnedEntity, type ModuleEntity } from '@tessera/module-sdk';

/** An entity that maps a `tenant_id` column without extending TenantOwnedEntity. */
export interface TenantColumnOffender {
  readonly entity: string;
  readonly table: string;
  /** The module that contributes it, when known. */
  readonly module?: string;
}

/**
 * The discovered entities where a `tenant_id` column (a property, or the join column of a relation, under
 * the naming strategy in force) belongs to an entity that does not extend TenantOwnedEntity.
 */
export function tenantColumnOffenders(metadata: Iterable<EntityMetadata>, owners?: ReadonlyMap<ModuleEntity, string>): TenantColumnOffender[] {
  return [...metadata]
    .filter((meta) => !meta.embeddable && !meta.virtual && !meta.abstract && typeof meta.class === 'function')
    .filter((meta) => !isTenantOwnedEntity(meta.class))
    .filter((meta) => Object.values(meta.properties).some((property) => (property.fieldNames ?? []).includes('tenant_id')))
    .map((meta) => ({ entity: meta.className, table: meta.tableName, module: owners?.get(meta.class as ModuleEntity) }));
}
