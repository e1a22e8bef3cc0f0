import { createHash } from 'node:crypto';
import type { Client } from 'pg';
import type { ModuleMigration } from '@tessera/module-sdk';
import { APP_ACCESS_ROLE } from '../database-roles';
import { withPgClient } from '../pg-client';
import { LEDGER_SETUP_SQL } from './migration-ledger.sql';
import { MigrationError } from './migration.error';

/** The migrations of one module, in the order they must run. */
export interface ModuleMigrations {
  readonly module: string;
  readonly migrations: readonly ModuleMigration[];
}

export interface AppliedMigration {
  readonly module: string;
  readonly name: string;
  readonly durationMs: number;
}

export interface MigrationReport {
  readonly applied: readonly AppliedMigration[];
  readonly alreadyApplied: number;
}

// One migrator at a time per database: replicas booting together queue up here.
const MIGRATION_LOCK = 0x7e55e7a2;

function statementsOf(migration: ModuleMigration): readonly string[] {
  return typeof migration.up === 'string' ? [migration.up] : migration.up;
}

export function checksumOf(migration: ModuleMigration): string {
  return createHash('sha256').update(statementsOf(migration).join('\n;\n')).digest('hex');
}

async function ensureLedger(client: Client): Promise<void> {
  const role = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [APP_ACCESS_ROLE]);
  if (!role.rowCount) {
    throw new MigrationError(
      'platform',
      undefined,
      `the role "${APP_ACCESS_ROLE}" does not exist in this PostgreSQL cluster.`,
      'provision the database first: `npm run cli -- db:provision` with DATABASE_ADMIN_URL set, or run deploy/postgres/provision.sql as a superuser.',
    );
  }
  await client.query('BEGIN');
  try {
    for (const sql of LEDGER_SETUP_SQL) await client.query(sql);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

async function applyOne(client: Client, module: string, migration: ModuleMigration): Promise<number> {
  const started = performance.now();
  await client.query('BEGIN');
  const statements = statementsOf(migration);
  for (const [index, sql] of statements.entries()) {
    try {
      await client.query(sql);
    } catch (error) {
      await client.query('ROLLBACK');
      throw new MigrationError(
        module,
        migration.name,
        `statement ${index + 1} of ${statements.length} failed: ${(error as Error).message}. Nothing of this migration was applied.`,
        'correct the migration (it has not run, so it may still be edited) and start again.',
      );
    }
  }
  const durationMs = Math.round(performance.now() - started);
  await client.query('INSERT INTO tessera_migrations (module, name, checksum, duration_ms) VALUES ($1, $2, $3, $4)', [
    module,
    migration.name,
    checksumOf(migration),
    durationMs,
  ]);
  await client.query('COMMIT');
  return durationMs;
}

/**
 * Applies every pending migration, module by module in the given (dependency) order, each migration in
 * its own transaction, recorded in `tessera_migrations` under its module. Runs as the schema owner.
 * Refuses to proceed when a migration that already ran was edited or when a new one was slotted in
 * before one that already ran.
 */
export async function runMigrations(migrationUrl: string, modules: readonly ModuleMigrations[]): Promise<MigrationReport> {
  return withPgClient(migrationUrl, async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await ensureLedger(client);
      const recorded = await client.query<{ module: string; name: string; checksum: string }>(
        'SELECT module, name, checksum FROM tessera_migrations',
      );
      const ledger = new Map(recorded.rows.map((row) => [`${row.module}/${row.name}`, row.checksum]));
      const applied: AppliedMigration[] = [];
      let alreadyApplied = 0;

      for (const { module, migrations } of modules) {
        let pendingSeen: string | undefined;
        for (const migration of migrations) {
          const checksum = ledger.get(`${module}/${migration.name}`);
          if (checksum === undefined) {
            pendingSeen ??= migration.name;
            continue;
          }
          if (pendingSeen) {
            throw new MigrationError(
              module,
              pendingSeen,
              `is new but placed before "${migration.name}", which already ran.`,
              'move the new migration to the end of the module\'s migrations list.',
            );
          }
          if (checksum !== checksumOf(migration)) {
            throw new MigrationError(
              module,
              migration.name,
              'was edited after it ran (its checksum differs from the one recorded).',
              'restore its original text and put the change in a new migration at the end of the list.',
            );
          }
          alreadyApplied += 1;
        }
        for (const migration of migrations) {
          if (ledger.has(`${module}/${migration.name}`)) continue;
          const durationMs = await applyOne(client, module, migration);
          applied.push({ module, name: migration.name, durationMs });
        }
      }
      return { applied, alreadyApplied };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    }
  });
}

/** What a database lacks compared with the code's migrations. */
export interface MigrationGap {
  /** `module/name` of every migration not in the ledger, in the order it would run. */
  readonly pending: readonly string[];
  /** `module/name` of every migration whose text differs from the one that ran. */
  readonly edited: readonly string[];
}

/**
 * Compares the ledger with the code's migrations without changing anything; readable by the application
 * role. A database that was never migrated has every migration pending.
 */
export async function findMigrationGap(url: string, modules: readonly ModuleMigrations[]): Promise<MigrationGap> {
  const ledger = await withPgClient(url, async (client) => {
    const exists = await client.query<{ ledger: string | null }>("SELECT to_regclass('public.tessera_migrations')::text AS ledger");
    if (!exists.rows[0]?.ledger) return new Map<string, string>();
    const recorded = await client.query<{ module: string; name: string; checksum: string }>('SELECT module, name, checksum FROM tessera_migrations');
    return new Map(recorded.rows.map((row) => [`${row.module}/${row.name}`, row.checksum]));
  });
  const pending: string[] = [];
  const edited: string[] = [];
  for (const { module, migrations } of modules) {
    for (const migration of migrations) {
      const key = `${module}/${migration.name}`;
      const checksum = ledger.get(key);
      if (checksum === undefined) pending.push(key);
      else if (checksum !== checksumOf(migration)) edited.push(key);
    }
  }
  return { pending, edited };
}
