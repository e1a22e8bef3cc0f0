import { MikroORM, type Options } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { isTenantOwnedEntity, type ModuleEntity } from '@tessera/module-sdk';
import { tenantFilter, TENANT_FILTER } from './tenant-filter';
import { TenantStampSubscriber } from './tenant-stamp.subscriber';

export interface OrmSettings {
  readonly url: string;
  readonly poolSize: number;
  readonly entities: readonly ModuleEntity[];
  readonly debug?: boolean;
}

/**
 * MikroORM options for Tessera: PostgreSQL, explicit entity list, no global context (every unit of work
 * runs in a tenant-scoped or platform-scoped transaction), and the tenant filter on every tenant-owned
 * entity.
 */
export function ormOptions(settings: OrmSettings): Options<PostgreSqlDriver> {
  const tenantOwned = settings.entities.filter(isTenantOwnedEntity).map((entity) => (entity as { name: string }).name);
  return {
    driver: PostgreSqlDriver,
    clientUrl: settings.url,
    entities: [...settings.entities] as Options['entities'],
    discovery: { warnWhenNoEntities: false },
    pool: { min: 0, max: settings.poolSize },
    allowGlobalContext: false,
    forceUtcTimezone: true,
    debug: settings.debug ?? false,
    filters: tenantOwned.length > 0 ? { [TENANT_FILTER]: tenantFilter(tenantOwned) } : {},
    subscribers: [new TenantStampSubscriber()],
  };
}

/** Initialises MikroORM (connects the pool). */
export function createOrm(settings: OrmSettings): Promise<MikroORM<PostgreSqlDriver>> {
  return MikroORM.init(ormOptions(settings));
}
