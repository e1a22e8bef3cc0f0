import { defineModule, Entity, ManyToOne, PrimaryKey, Property, tenantIsolation } from '@tessera/module-sdk';
import { ModuleRegistryError, Tenant } from '@tessera/kernel';
import { createTestDatabase, startTestPlatform, testServices, type TestDatabase } from '@tessera/module-sdk/testing';
import { APP_ACCESS_ROLE, withCredentials, withPgClient } from '@tessera/persistence';
import { bootError } from '../support/boot-error';

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

/** A module whose one migration runs `up`: the schema a guardrail must refuse (or let through). */
const moduleWithSchema = (name: string, up: string | string[]) => defineModule({ name, version: '1.0.0', platform: '^1.0.0', migrations: [{ name: '0001', up }] });

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
    const error = await bootError({ modules: [sneaky], database: db });
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
    const leaky = moduleWithSchema('leaky', 'CREATE TABLE leaky_things (id uuid PRIMARY KEY, tenant_id uuid NOT NULL)');
    await expect(startTestPlatform({ modules: [leaky], database: db })).rejects.toThrow(
      /no forced row-level security: leaky_things\.\n\s+Fix: add `...tenantIsolation\('<table>'\)`/,
    );
  });

  it('refuses a permissive policy that does not confine rows to the tenant (USING (true) beside the tenant policy), naming it', async () => {
    const open = moduleWithSchema('open-policies', [
      'CREATE TABLE open_notes (id uuid PRIMARY KEY, tenant_id uuid NOT NULL)',
      ...tenantIsolation('open_notes'),
      // Permissive policies are ORed: this one alone opens the table to every tenant.
      'CREATE POLICY open_notes_everyone ON open_notes FOR SELECT USING (true)',
      'CREATE TABLE open_drafts (id uuid PRIMARY KEY, tenant_id uuid NOT NULL)',
      ...tenantIsolation('open_drafts'),
      'CREATE POLICY open_drafts_any_insert ON open_drafts FOR INSERT WITH CHECK (tenant_id IS NOT NULL)',
      'CREATE POLICY open_drafts_or ON open_drafts FOR UPDATE USING (tenant_id = tessera_current_tenant() OR true)',
      // Fine: a restrictive policy only narrows, and a permissive one that ANDs more onto the predicate.
      'CREATE TABLE open_fine (id uuid PRIMARY KEY, tenant_id uuid NOT NULL, archived boolean NOT NULL DEFAULT false)',
      ...tenantIsolation('open_fine'),
      'CREATE POLICY open_fine_restrictive ON open_fine AS RESTRICTIVE USING (true)',
      "CREATE POLICY open_fine_setting ON open_fine FOR SELECT USING (tenant_id = current_setting('app.tenant_id', true)::uuid AND NOT archived)",
      // Also fine: a policy for the owning role only (the owner's SECURITY DEFINER purges); the application never gets it.
      'CREATE POLICY open_fine_owner_purge ON open_fine FOR DELETE TO CURRENT_USER USING (archived)',
      // Not fine: the same for the application's group role.
      `CREATE POLICY open_drafts_app ON open_drafts FOR SELECT TO ${APP_ACCESS_ROLE} USING (true)`,
    ]);
    const error = await bootError({ modules: [open] });
    expect(error.message).toMatch(/^Tessera refuses to boot: these row-level security policies let a tenant see or write other tenants' rows: /);
    expect(error.message).toContain('open_notes.open_notes_everyone (its USING (true) does not confine rows to the current tenant)');
    expect(error.message).toContain('open_drafts.open_drafts_any_insert (its WITH CHECK ((tenant_id IS NOT NULL)) does not confine new rows to the current tenant)');
    expect(error.message).toContain('open_drafts.open_drafts_app (its USING (true)');
    expect(error.message).toContain('open_drafts.open_drafts_or (its USING (((tenant_id = tessera_current_tenant()) OR true))');
    expect(error.message).not.toContain('open_fine');
    expect(error.message).toMatch(/Fix: in a new migration, DROP POLICY each one, or make its USING and WITH CHECK `tenant_id = tessera_current_tenant\(\)`/);
  });

  it('refuses a foreign key between tenant-owned tables that does not pair tenant_id with tenant_id, naming table and constraint', async () => {
    const crossing = moduleWithSchema('crossing', [
      'CREATE TABLE crossing_parents (id uuid PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES tenants(id), UNIQUE (tenant_id, id))',
      ...tenantIsolation('crossing_parents'),
      // A plain key: a row of tenant A can point at a parent of tenant B.
      'CREATE TABLE crossing_children (id uuid PRIMARY KEY, tenant_id uuid NOT NULL, parent_id uuid REFERENCES crossing_parents(id))',
      ...tenantIsolation('crossing_children'),
      // Composite, but pairing tenant_id with the parent's id: no better.
      `CREATE TABLE crossing_swapped (id uuid PRIMARY KEY, tenant_id uuid NOT NULL, parent_id uuid NOT NULL,
         CONSTRAINT crossing_swapped_parent FOREIGN KEY (parent_id, tenant_id) REFERENCES crossing_parents (tenant_id, id))`,
      ...tenantIsolation('crossing_swapped'),
      // Right: tenant_id to tenant_id; and a reference to the platform's tenants table is fine.
      `CREATE TABLE crossing_fine (id uuid PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES tenants(id), parent_id uuid NOT NULL,
         CONSTRAINT crossing_fine_parent FOREIGN KEY (tenant_id, parent_id) REFERENCES crossing_parents (tenant_id, id))`,
      ...tenantIsolation('crossing_fine'),
    ]);
    const error = await bootError({ modules: [crossing] });
    expect(error.message).toBe(
      "Tessera refuses to boot: these foreign keys between tenant-owned tables do not include tenant_id, so a row can point at another tenant's row: " +
        'crossing_children.crossing_children_parent_id_fkey (FOREIGN KEY (parent_id) REFERENCES crossing_parents(id)); ' +
        'crossing_swapped.crossing_swapped_parent (FOREIGN KEY (parent_id, tenant_id) REFERENCES crossing_parents(tenant_id, id)).\n' +
        '  Fix: in a new migration, replace each with `FOREIGN KEY (tenant_id, <column>) REFERENCES <table> (tenant_id, id)` ' +
        '(the referenced table needs `UNIQUE (tenant_id, id)`; for ON DELETE SET NULL name the column: `SET NULL (<column>)`).',
    );
  });
});
