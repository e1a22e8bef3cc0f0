import { defineModule } from '@tessera/module-sdk';
import { createTestDatabase, startTestPlatform, type TestDatabase } from '@tessera/module-sdk/testing';
import { withPgClient } from '@tessera/persistence';

const notesV1 = defineModule({
  name: 'notes',
  version: '1.0.0',
  platform: '^1.0.0',
  migrations: [{ name: '0001-notes', up: 'CREATE TABLE notes (id uuid PRIMARY KEY, body text NOT NULL)' }],
});
// The next release of the module: one more migration.
const notesV2 = defineModule({
  ...notesV1,
  version: '1.1.0',
  migrations: [...notesV1.migrations!, { name: '0002-notes-title', up: "ALTER TABLE notes ADD COLUMN title text NOT NULL DEFAULT ''" }],
});

describe('with MIGRATE_ON_BOOT=false, boot refuses a schema behind its code', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  const boot = (modules: Parameters<typeof startTestPlatform>[0]['modules'], migrateOnBoot: boolean) =>
    startTestPlatform({ modules, database: db, env: { MIGRATE_ON_BOOT: String(migrateOnBoot) } });

  it('refuses a database that was never migrated, naming the pending migrations and the fix', async () => {
    await expect(boot([notesV1], false)).rejects.toThrow(
      /^\[platform\] the database schema is not the one this release expects, and MIGRATE_ON_BOOT is false: \d+ migrations are pending: platform\/0001-tenants, .*notes\/0001-notes\.\n {2}Fix: run `node apps\/api\/dist\/cli\.js migrate`/,
    );
  });

  it('boots once the migrations have run', async () => {
    await (await boot([notesV1], true)).close();
    const t = await boot([notesV1], false);
    await t.http().get('/health/ready').expect(200);
    await t.close();
  });

  it("refuses the next release's code until its new migration has run, and names only that one", async () => {
    await expect(boot([notesV2], false)).rejects.toThrow(/1 migration is pending: notes\/0002-notes-title\./);
    await (await boot([notesV2], true)).close();
    await (await boot([notesV2], false)).close();
  });

  it('refuses a migration edited after it ran', async () => {
    const edited = defineModule({ ...notesV2, migrations: [notesV2.migrations![0]!, { name: '0002-notes-title', up: 'ALTER TABLE notes ADD COLUMN title text' }] });
    await expect(boot([edited], false)).rejects.toThrow(/1 migration was edited after it ran: notes\/0002-notes-title/);
  });

  it('lets the application role read the ledger, and nothing more of it', async () => {
    await withPgClient(db.appUrl, async (client) => {
      const { rows } = await client.query<{ count: string }>("SELECT count(*) FROM tessera_migrations WHERE module = 'notes'");
      expect(rows[0]!.count).toBe('2');
      await expect(client.query("DELETE FROM tessera_migrations WHERE module = 'notes'")).rejects.toThrow(/permission denied/);
    });
  });
});
