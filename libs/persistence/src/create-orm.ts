import { MikroORM, type Options } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { isTenantOwnedEntity, type ModuleEntity } from '@tessera/module-sdk';
import { tenantColumnOffenders, type TenantColumnOffender } from './tenant-column-check';
import { DeferredTransactionDialect } from './deferred-transaction.dialect';
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
 * entity. The filter and the stamp find tenant-owned entities by their base class: an entity with a
 * `tenant_id` column that is not tenant-owned would get neither, so the registry refuses it before the ORM
 * starts ({@link findTenantColumnOffenders}).
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
    // Transactions open at their first statement, tenant-scoped ones with app.tenant_id in the BEGIN.
    driverOptions: { client: DeferredTransactionDialect },
  };
}

/** Initialises MikroORM (connects the pool). */
export function createOrm(settings: OrmSettings): Promise<MikroORM<PostgreSqlDriver>> {
  return MikroORM.init(ormOptions(settings));
}

/**
 * Discovers the entities' metadata without connecting (what MikroORM does at boot, ~50 ms for the built-in
 * modules) and returns every entity that maps a `tenant_id` column without being tenant-owned, so the
 * registry can refuse them before any database work, with every other module problem.
 */
export function findTenantColumnOffenders(entities: readonly ModuleEntity[], owners?: ReadonlyMap<ModuleEntity, string>): TenantColumnOffender[] {
  const orm = MikroORM.initSync(ormOptions({ url: 'postgresql://discovery@127.0.0.1/discovery', poolSize: 1, entities }));
  try {
    return tenantColumnOffenders(Object.values(orm.getMetadata().getAll()), owners);
  } finally {
    // Never connected: closing only releases the (empty) pool.
    void orm.close();
  }
}
