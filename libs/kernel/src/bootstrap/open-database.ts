import { resolve } from 'node:path';
import type { PlatformConfig } from '@tessera/config';
import {
  checkApplicationRole,
  findLaxTenantPolicies,
  findMigrationGap,
  findTenantForeignKeysWithoutTenant,
  findUnprotectedTenantTables,
  MigrationError,
  runMigrations,
  startEmbeddedDatabase,
  withPgClient,
  type EmbeddedDatabase,
  type MigrationReport,
  type ModuleMigrations,
} from '@tessera/persistence';
import type { Logger } from 'pino';
import { AUDIT_MIGRATIONS } from '@tessera/audit';
import { FLAGS_MIGRATIONS } from '@tessera/flags';
import { FILES_MIGRATIONS } from '@tessera/files';
import { JOBS_MIGRATIONS } from '@tessera/jobs';
import { SEARCH_MIGRATIONS } from '@tessera/search';
import type { LoadedModule } from '../registry/loaded-module';
import { PLATFORM_MIGRATIONS } from '../tenancy/platform.migrations';

export interface DatabaseHandle {
  readonly appUrl: string;
  readonly migrationUrl: string | undefined;
  readonly embedded?: EmbeddedDatabase;
}

/** The configured PostgreSQL, or an embedded one when DATABASE_URL is empty (quick start). */
export async function openDatabase(config: PlatformConfig, cwd: string, logger: Logger): Promise<DatabaseHandle> {
  if (config.DATABASE_URL) return { appUrl: config.DATABASE_URL, migrationUrl: config.DATABASE_MIGRATION_URL };
  logger.info('DATABASE_URL is empty: starting the embedded PostgreSQL (quick start; configure DATABASE_URL for real deployments)');
  const embedded = await startEmbeddedDatabase({
    dataDir: resolve(cwd, config.EMBEDDED_POSTGRES_DIR),
    port: config.EMBEDDED_POSTGRES_PORT,
    log: (message) => logger.debug({ component: 'embedded-postgres' }, message),
  });
  return { appUrl: embedded.appUrl, migrationUrl: embedded.migrationUrl, embedded };
}

/** Every migration set in the order it runs: the platform's, the audit log's, the flags', the job layer's, the file store's, the search index's, then each module's in boot order. */
export function migrationPlan(order: readonly LoadedModule[]): ModuleMigrations[] {
  return [
    { module: 'platform', migrations: PLATFORM_MIGRATIONS },
    { module: 'audit', migrations: AUDIT_MIGRATIONS },
    { module: 'flags', migrations: FLAGS_MIGRATIONS },
    { module: 'jobs', migrations: JOBS_MIGRATIONS },
    { module: 'files', migrations: FILES_MIGRATIONS },
    { module: 'search', migrations: SEARCH_MIGRATIONS },
    ...order.map(({ definition }) => ({ module: definition.name, migrations: definition.migrations ?? [] })),
  ];
}

/** Applies pending migrations in dependency order and logs what ran. */
export async function migrate(database: DatabaseHandle, modules: readonly ModuleMigrations[], logger: Logger): Promise<MigrationReport> {
  if (!database.migrationUrl) throw new Error('Cannot migrate: DATABASE_MIGRATION_URL is not set.');
  const report = await runMigrations(database.migrationUrl, modules);
  for (const applied of report.applied) {
    logger.info({ module: applied.module, migration: applied.name, durationMs: applied.durationMs }, 'applied migration');
  }
  return report;
}

/**
 * With MIGRATE_ON_BOOT=false a process never runs on a schema behind (or different from) its code: it
 * refuses to boot, naming every pending or edited migration, until `migrate` has run for this release.
 * Refusing rather than warning: the new code would fail later, on the first request that touches a missing
 * column, with an error far from its cause.
 */
export async function assertMigrated(database: DatabaseHandle, modules: readonly ModuleMigrations[]): Promise<void> {
  const { pending, edited } = await findMigrationGap(database.appUrl, modules).catch((error: unknown) => {
    if ((error as { code?: string }).code !== '42501') throw error;
    // A database last migrated before the application role was granted read access to the ledger.
    throw new MigrationError(
      'platform',
      undefined,
      'MIGRATE_ON_BOOT is false and the application role cannot read tessera_migrations to check the schema.',
      'run `node apps/api/dist/cli.js migrate` once with this release (it grants that read access), then start again.',
    );
  });
  if (pending.length === 0 && edited.length === 0) return;
  const problems = [
    ...(pending.length > 0 ? [`${pending.length} migration${pending.length === 1 ? ' is' : 's are'} pending: ${pending.join(', ')}`] : []),
    ...(edited.length > 0 ? [`${edited.length} migration${edited.length === 1 ? ' was edited after it ran' : 's were edited after they ran'}: ${edited.join(', ')}`] : []),
  ];
  throw new MigrationError(
    'platform',
    undefined,
    `the database schema is not the one this release expects, and MIGRATE_ON_BOOT is false: ${problems.join('; ')}.`,
    'run `node apps/api/dist/cli.js migrate` (`npm run cli -- migrate`; the Kubernetes migrate Job, the compose `migrate` service) ' +
      'for this release before starting it, or set MIGRATE_ON_BOOT=true.',
  );
}

/**
 * Refuses to run on a database where tenant isolation cannot hold: an application role that bypasses
 * row-level security, a tenant-owned table without it or with a policy that does not confine rows to the
 * tenant, or a foreign key that lets a tenant's row point at another tenant's.
 */
export function assertIsolationHolds(database: DatabaseHandle): Promise<void> {
  // One connection of the application role for every check (the policy check must run as that role).
  return withPgClient(database.appUrl, async (client) => {
    const roleProblem = await checkApplicationRole(client);
    if (roleProblem) {
      throw new Error(
        `Tessera refuses to boot: ${roleProblem}\n  Fix: set DATABASE_URL to the application role created by \`npm run cli -- db:provision\` ` +
          '(or deploy/postgres/provision.sql): LOGIN NOSUPERUSER NOBYPASSRLS, not the schema owner.',
      );
    }
    const unprotected = await findUnprotectedTenantTables(client);
    if (unprotected.length > 0) {
      throw new Error(
        `Tessera refuses to boot: these tables have a tenant_id column but no forced row-level security: ${unprotected.join(', ')}.\n` +
          "  Fix: add `...tenantIsolation('<table>')` from @tessera/module-sdk to the migration that creates each table.",
      );
    }
    const lax = await findLaxTenantPolicies(client);
    if (lax.length > 0) {
      throw new Error(
        `Tessera refuses to boot: these row-level security policies let a tenant see or write other tenants' rows: ${lax
          .map((p) => `${p.table}.${p.policy} (${p.problem})`)
          .join('; ')}.\n` +
          '  Fix: in a new migration, DROP POLICY each one, or make its USING and WITH CHECK `tenant_id = tessera_current_tenant()` ' +
          "(possibly AND more conditions); permissive policies are ORed, so one without the tenant predicate opens the table. `...tenantIsolation('<table>')` creates the right one.",
      );
    }
    const foreignKeys = await findTenantForeignKeysWithoutTenant(client);
    if (foreignKeys.length > 0) {
      throw new Error(
        `Tessera refuses to boot: these foreign keys between tenant-owned tables do not include tenant_id, so a row can point at another tenant's row: ${foreignKeys
          .map((k) => `${k.table}.${k.constraint} (${k.definition})`)
          .join('; ')}.\n` +
          '  Fix: in a new migration, replace each with `FOREIGN KEY (tenant_id, <column>) REFERENCES <table> (tenant_id, id)` ' +
          '(the referenced table needs `UNIQUE (tenant_id, id)`; for ON DELETE SET NULL name the column: `SET NULL (<column>)`).',
      );
    }
  });
}
