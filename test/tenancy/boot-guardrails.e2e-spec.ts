import { defineModule, Entity, ManyToOne, PrimaryKey, Property, tenantIsolation } from '@tessera/module-sdk';
import { ModuleRegistryError, Tenant } from '@tessera/kernel';
import { createTestDatabase, startTestPlatform, testServices, type TestDatabase } from '@tessera/module-sdk/testing';
import { withCredentials, withPgClient } from '@tessera/persistence';

// Test-only: entities that map tenant_id but forgot to extend TenantOwnedEntity (no filter, no stamp).
@Entity({ tableName: 'sneaky_notes' })
class SneakyNote {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) tenantId!: string;
}

@Entity({ tableName: 'sneaky_links' })
class SneakyLink {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @ManyToOne(() => Tenant) tenant!: Tenant;
}

const sneakyTables = [
  { name: '0001', up: ['CREATE TABLE sneaky_notes (id uuid PRIMARY KEY, tenant_id uuid NOT NULL)', ...tenantIsolation('sneaky_notes')] },
  { name: '0002', up: ['CREATE TABLE sneaky_links (id uuid PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES tenants(id))', ...tenantIsolation('sneaky_links')] },
];

describe('boot refuses a database where isolation cannot hold', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('refuses to run the application as a superuser', async () => {
    const superuser = withCredentials(testServices().adminUrl, { database: db.name });
    await expect(startTestPlatform({ modules: [], database: db, env: { DATABASE_URL: superuser } })).rejects.toThrow(
      /Tessera refuses to boot: the application role "[^"]+" is a superuser, which bypasses row-level security\./,
    );
  });

  it('refuses to run the application as the schema owner', async () => {
    await expect(startTestPlatform({ modules: [], database: db, env: { DATABASE_URL: db.migrationUrl } })).rejects.toThrow(/owns tables/);
  });

  it('refuses an entity with a tenant_id column that does not extend TenantOwnedEntity, naming it, its module and the fix', async () => {
    const sneaky = defineModule({ name: 'sneaky', version: '1.0.0', platform: '^1.0.0', entities: [SneakyNote, SneakyLink], migrations: sneakyTables });
    const error = await startTestPlatform({ modules: [sneaky], database: db }).then(
      (t) => t.close().then(() => undefined),
      (caught: Error) => caught,
    );
    expect(error).toBeInstanceOf(ModuleRegistryError);
    expect((error as ModuleRegistryError).problems).toEqual([
      {
        module: 'sneaky',
        problem: 'its entity SneakyNote (table sneaky_notes) maps a tenant_id column but does not extend TenantOwnedEntity, so neither the tenant filter nor the tenant stamp applies to it.',
        fix: expect.stringMatching(/^make SneakyNote extend TenantOwnedEntity from @tessera\/module-sdk/),
      },
      {
        module: 'sneaky',
        problem: expect.stringContaining('its entity SneakyLink (table sneaky_links) maps a tenant_id column'),
        fix: expect.stringMatching(/^make SneakyLink extend TenantOwnedEntity/),
      },
    ]);
    // Refused before any database work: its migrations never ran.
    const tables = await withPgClient(db.migrationUrl, async (client) => (await client.query("SELECT to_regclass('public.sneaky_notes') AS t")).rows[0].t);
    expect(tables).toBeNull();
  });

  it('refuses a tenant table that is not under row-level security, naming it', async () => {
    const leaky = defineModule({
      name: 'leaky',
      version: '1.0.0',
      platform: '^1.0.0',
      migrations: [{ name: '0001', up: 'CREATE TABLE leaky_things (id uuid PRIMARY KEY, tenant_id uuid NOT NULL)' }],
    });
    await expect(startTestPlatform({ modules: [leaky], database: db })).rejects.toThrow(
      /no forced row-level security: leaky_things\.\n\s+Fix: add `...tenantIsolation\('<table>'\)`/,
    );
  });
});
