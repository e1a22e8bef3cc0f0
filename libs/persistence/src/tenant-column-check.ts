import type { EntityMetadata } from '@mikro-orm/core';
import { isTenantOwnedEntity, type ModuleEntity } from '@tessera/module-sdk';

/** Thrown at boot when an entity maps a `tenant_id` column without being tenant-owned; names each one and the fix. */
export class TenantColumnError extends Error {
  constructor(readonly entities: readonly TenantColumnOffender[]) {
    super(
      [
        `Tessera refuses to boot: ${entities.length} entit${entities.length === 1 ? 'y maps' : 'ies map'} a tenant_id column without extending TenantOwnedEntity, ` +
          'so neither the tenant filter nor the tenant stamp would apply to it (row-level security alone would stand between tenants).',
        ...entities.map((e, i) => `  ${i + 1}. [${e.module ?? 'unknown module'}] entity ${e.entity} (table ${e.table})`),
        '  Fix: make each one extend TenantOwnedEntity from @tessera/module-sdk (it declares id, tenantId, createdAt and updatedAt; ' +
          'remove its own copies), or, if the column does not name the owning tenant, give it another name.',
      ].join('\n'),
    );
    this.name = 'TenantColumnError';
  }
}

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

/** Throws {@link TenantColumnError} when {@link tenantColumnOffenders} finds any. */
export function assertTenantColumnsOwned(metadata: Iterable<EntityMetadata>, owners?: ReadonlyMap<ModuleEntity, string>): void {
  const offenders = tenantColumnOffenders(metadata, owners);
  if (offenders.length > 0) throw new TenantColumnError(offenders);
}
