import { PLATFORM_MIGRATIONS } from '@tessera/kernel';
import { defineModule } from '@tessera/module-sdk';
import { createTestDatabase, startTestPlatform, type TestDatabase } from '@tessera/module-sdk/testing';
import { runMigrations, withPgClient, type ModuleMigrations } from '@tessera/persistence';

const platform: ModuleMigrations = { module: 'platform', migrations: PLATFORM_MIGRATIONS };
const notes: ModuleMigrations = {
  module: 'notes',
  migrations: [
    { name: '0001-notes', up: 'CREATE TABLE notes (id uuid PRIMARY KEY, body text NOT NULL)' },
    { name: '0002-notes-title', up: ['ALTER TABLE notes ADD COLUMN title text', "UPDATE notes SET title = ''"] },
  ],
};

async function tables(db: TestDatabase): Promise<string[]> {
  return withPgClient(db.migrationUrl, async (client) => {
    const { rows } = await client.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
    return rows.map((r) => r.tablename);
  });
}

describe('per-module migrations', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(() => db.drop());

  it('migrates a fresh database from zero, module by module, and records each under its module', async () => {
    const report = await runMigrations(db.migrationUrl, [platform, notes]);
    expect(report.applied.map((m) => `${m.module}/${m.name}`)).toEqual(['platform/0001-tenants', 'notes/0001-notes', 'notes/0002-notes-title']);
    expect(await tables(db)).toEqual(['notes', 'tenants', 'tessera_migrations']);
  });

  it('is a no-op the second time', async () => {
    await runMigrations(db.migrationUrl, [platform, notes]);
    const again = await runMigrations(db.migrationUrl, [platform, notes]);
    expect(again).toEqual({ applied: [], alreadyApplied: 3 });
  });

  it('migrates a module added later on its own', async () => {
    await runMigrations(db.migrationUrl, [platform]);
    const later = await runMigrations(db.migrationUrl, [platform, notes]);
    expect(later.applied.map((m) => m.module)).toEqual(['notes', 'notes']);
    expect(later.alreadyApplied).toBe(1);
  });

  it('refuses a migration edited after it ran', async () => {
    await runMigrations(db.migrationUrl, [platform, notes]);
    const edited: ModuleMigrations = { module: 'notes', migrations: [{ ...notes.migrations[0]!, up: 'CREATE TABLE notes (id uuid)' }, notes.migrations[1]!] };
    await expect(runMigrations(db.migrationUrl, [platform, edited])).rejects.toThrow(
      '[notes/0001-notes] was edited after it ran (its checksum differs from the one recorded).\n  Fix: restore its original text and put the change in a new migration at the end of the list.',
    );
  });

  it('refuses a new migration slotted in before one that already ran', async () => {
    await runMigrations(db.migrationUrl, [platform, notes]);
    const slotted: ModuleMigrations = {
      module: 'notes',
      migrations: [notes.migrations[0]!, { name: '0001b-index', up: 'CREATE INDEX ON notes (body)' }, notes.migrations[1]!],
    };
    await expect(runMigrations(db.migrationUrl, [platform, slotted])).rejects.toThrow(/\[notes\/0001b-index\] is new but placed before "0002-notes-title"/);
  });

  it('applies nothing of a migration whose statement fails, and says which statement', async () => {
    const broken: ModuleMigrations = {
      module: 'broken',
      migrations: [{ name: '0001', up: ['CREATE TABLE half_done (id int)', 'ALTER TABLE no_such_table ADD COLUMN x int'] }],
    };
    await expect(runMigrations(db.migrationUrl, [platform, broken])).rejects.toThrow(/\[broken\/0001\] statement 2 of 2 failed: relation "no_such_table" does not exist/);
    expect(await tables(db)).not.toContain('half_done');
    const retry = await runMigrations(db.migrationUrl, [platform]);
    expect(retry.alreadyApplied).toBe(1);
  });

  it('applies each migration once when several processes migrate at the same time', async () => {
    const reports = await Promise.all([1, 2, 3].map(() => runMigrations(db.migrationUrl, [platform, notes])));
    expect(reports.map((r) => r.applied.length).sort()).toEqual([0, 0, 3]);
  });

  it('records the migrations of modules given in a scrambled order in dependency order (dependencies first, ties by name)', async () => {
    // A diamond: app needs left and right, both need base. Each table references its dependency's, so a
    // migration run out of order would fail, and the ledger shows the order they ran in.
    const table = (module: string) => module.replace('-', '_');
    const layer = (name: string, dependsOn: string[]) =>
      defineModule({
        name,
        version: '1.0.0',
        platform: '^1.0.0',
        dependsOn: Object.fromEntries(dependsOn.map((dep) => [dep, '^1.0.0'])),
        migrations: [
          { name: '0001', up: `CREATE TABLE ${table(name)} (id uuid PRIMARY KEY${dependsOn.map((dep) => `, ${table(dep)}_id uuid REFERENCES ${table(dep)}(id)`).join('')})` },
          { name: '0002', up: `CREATE INDEX ON ${table(name)} (id)` },
        ],
      });
    const scrambled = [layer('order-app', ['order-right', 'order-left']), layer('order-right', ['order-base']), layer('order-base', []), layer('order-left', ['order-base'])];
    const t = await startTestPlatform({ modules: scrambled, database: db });
    try {
      const ledger = await withPgClient(db.migrationUrl, async (client) => {
        const { rows } = await client.query<{ module: string; name: string }>('SELECT module, name FROM tessera_migrations ORDER BY executed_at, module, name');
        return rows.map((row) => `${row.module}/${row.name}`);
      });
      const ofModules = ledger.filter((entry) => entry.startsWith('order-'));
      expect(ofModules).toEqual([
        'order-base/0001',
        'order-base/0002',
        'order-left/0001',
        'order-left/0002',
        'order-right/0001',
        'order-right/0002',
        'order-app/0001',
        'order-app/0002',
      ]);
      // The platform's own sets run before any module's, and the ledger follows the boot order.
      expect(ledger.indexOf('platform/0001-tenants')).toBe(0);
      expect(ledger.findIndex((entry) => entry.startsWith('order-'))).toBe(ledger.length - ofModules.length);
      expect(t.platform.registry.all().map((m) => m.definition.name)).toEqual(['order-base', 'order-left', 'order-right', 'order-app']);
    } finally {
      await t.close();
    }
  });
});
