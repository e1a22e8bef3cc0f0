import { EntityManager, MikroORM } from '@mikro-orm/core';
import { TenantsService, type Platform } from '@tessera/kernel';
import { defineModule, RequestContext, tenantIsolation } from '@tessera/module-sdk';
import { startTestPlatform, type TestPlatform } from '@tessera/module-sdk/testing';
import { TenantScope, withPgClient } from '@tessera/persistence';
import { CatalogItem, demoAuthModule, demoCatalogModule, testToken } from '../support/demo-modules';
import { knexClientOf } from '../support/knex-client';

// A second tenant-owned table whose foreign key includes tenant_id: a row can only point at its own tenant's item.
const reviewsSchema = defineModule({
  name: 'demo-item-notes',
  version: '1.0.0',
  platform: '^1.0.0',
  dependsOn: { 'demo-catalog': '^1.0.0' },
  migrations: [
    {
      name: '0001',
      up: [
        `CREATE TABLE demo_item_notes (
           id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
           tenant_id uuid NOT NULL REFERENCES tenants(id),
           item_id uuid NOT NULL,
           body text NOT NULL,
           FOREIGN KEY (tenant_id, item_id) REFERENCES demo_catalog_items (tenant_id, id)
         )`,
        ...tenantIsolation('demo_item_notes'),
      ],
    },
  ],
});

describe('tenant isolation, one layer at a time', () => {
  let t: TestPlatform;
  let platform: Platform;
  let scope: TenantScope;
  let em: EntityManager;
  let tenantA: string;
  let tenantB: string;
  let itemOfA: string;
  let itemOfB: string;

  beforeAll(async () => {
    t = await startTestPlatform({ modules: [demoAuthModule, demoCatalogModule, reviewsSchema] });
    platform = t.platform;
    scope = platform.app.get(TenantScope);
    em = platform.app.get(MikroORM).em;
    const tenants = platform.app.get(TenantsService);
    tenantA = (await tenants.create({ slug: 'acme', name: 'Acme' })).id;
    tenantB = (await tenants.create({ slug: 'globex', name: 'Globex' })).id;
    itemOfA = await scope.run(tenantA, async () => {
      const item = em.create(CatalogItem, { title: 'A secret', priceCents: 100 });
      await em.flush();
      return item.id;
    });
    itemOfB = await scope.run(tenantB, async () => {
      const item = em.create(CatalogItem, { title: 'B secret', priceCents: 200 });
      await em.flush();
      return item.id;
    });
  });
  afterAll(() => t.close());

  describe('layer 1: the request context', () => {
    it('stamps the tenant of the context on new rows, never one from input', async () => {
      const stamped = await scope.run(tenantA, async () => {
        const item = em.create(CatalogItem, { title: 'stamped', priceCents: 1, tenantId: tenantB });
        await em.flush();
        return item.tenantId;
      });
      expect(stamped).toBe(tenantA);
    });

    it('keeps concurrent units of work in their own tenant', async () => {
      const seen = await Promise.all(
        Array.from({ length: 20 }, (_, i) => {
          const tenant = i % 2 === 0 ? tenantA : tenantB;
          return scope.run(tenant, async () => {
            await new Promise((resolve) => setTimeout(resolve, Math.random() * 10));
            const items = await em.find(CatalogItem, {});
            return items.every((item) => item.tenantId === tenant) && RequestContext.requireTenantId() === tenant;
          });
        }),
      );
      expect(seen.every(Boolean)).toBe(true);
    });

    it('takes the tenant only from the verified principal: a tenant header or query parameter changes nothing', async () => {
      const tokenOfB = testToken({ id: 'user-b', tenantId: tenantB, permissions: ['demo-catalog.read'] });
      const response = await t
        .http()
        .get(`/api/v1/demo-catalog/items?tenantId=${tenantA}`)
        .set('authorization', `Bearer ${tokenOfB}`)
        .set('x-tenant-id', tenantA)
        .expect(200);
      expect(response.body.data.map((i: { title: string }) => i.title)).not.toContain('A secret');
      expect(response.body.data.every((i: { tenantId: string }) => i.tenantId === tenantB)).toBe(true);
    });

    it('refuses tenant-owned queries with no tenant in context', async () => {
      await expect(scope.runWithoutTenant(() => em.find(CatalogItem, {}))).rejects.toThrow(/TENANT_CONTEXT_MISSING|without a tenant in context/);
    });
  });

  describe('layer 2: the ORM filter', () => {
    it('scopes queries to the context tenant even when the connection would allow another', async () => {
      const [filtered, unfiltered] = await scope.run(tenantA, async () => {
        // Point row-level security at B for this transaction: only the filter now stands between A and B's rows.
        await em.getConnection().execute("SELECT set_config('app.tenant_id', ?, true)", [tenantB], 'get', em.getTransactionContext());
        return [await em.find(CatalogItem, {}), await em.find(CatalogItem, {}, { filters: false })];
      });
      expect(unfiltered.map((row) => row.id)).toContain(itemOfB);
      expect(filtered).toEqual([]);
    });
  });

  describe('layer 3: row-level security in PostgreSQL', () => {
    it('sets the tenant for the first statement of a unit of work, in its BEGIN (no statement of its own)', async () => {
      const knexClient = knexClientOf(em);
      const sent: string[] = [];
      const record = (query: { sql: string }) => sent.push(query.sql);
      knexClient.on('query', record);
      try {
        const first = await scope.run(tenantA, () =>
          em.getConnection().execute<{ tenant: string; rows: string }>(
            "SELECT current_setting('app.tenant_id', true) AS tenant, (SELECT count(*) FROM demo_catalog_items WHERE tenant_id <> tessera_current_tenant()) AS rows",
            [],
            'get',
            em.getTransactionContext(),
          ),
        );
        expect(first).toEqual({ tenant: tenantA, rows: '0' });
      } finally {
        knexClient.off('query', record);
      }
      // The listener saw the statement itself, so an empty list below means no set_config, not a deaf listener.
      expect(sent.filter((sql) => sql.includes('tessera_current_tenant()'))).toHaveLength(1);
      expect(sent.filter((sql) => sql.includes('set_config'))).toEqual([]);
    });

    it('opens no connection for a unit of work that runs no statement', async () => {
      const { pool } = knexClientOf(em);
      const before = pool.numUsed();
      const during = await scope.run(tenantA, async () => pool.numUsed());
      expect(during).toBe(before);
      await expect(scope.run(tenantA, async () => 'done')).resolves.toBe('done');
    });

    it('rolls back a unit of work that fails after its first statement', async () => {
      await expect(
        scope.run(tenantA, async () => {
          em.create(CatalogItem, { title: 'rolled back', priceCents: 1 });
          await em.flush();
          throw new Error('after the insert');
        }),
      ).rejects.toThrow('after the insert');
      const left = await scope.run(tenantA, () => em.find(CatalogItem, { title: 'rolled back' }));
      expect(left).toEqual([]);
    });

    it('keeps nested units of work on their own tenant and gives the outer one back', async () => {
      const setting = () => em.getConnection().execute<{ tenant: string }>("SELECT current_setting('app.tenant_id', true) AS tenant", [], 'get', em.getTransactionContext());
      const seen = await scope.run(tenantA, async () => {
        const inner = await RequestContext.run({ requestId: 'nested', source: 'system' }, () => scope.run(tenantB, setting));
        return { inner: inner.tenant, outer: (await setting()).tenant };
      });
      expect(seen).toEqual({ inner: tenantB, outer: tenantA });
    });

    it('returns none of tenant B rows to tenant A with the ORM filter disabled', async () => {
      const rows = await scope.run(tenantA, () => em.find(CatalogItem, {}, { filters: false }));
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((row) => row.tenantId === tenantA)).toBe(true);
      expect(rows.map((row) => row.id)).not.toContain(itemOfB);
    });

    it('lets a raw SELECT * under tenant A see only A', async () => {
      const rows = await scope.run(tenantA, () => em.getConnection().execute('SELECT * FROM demo_catalog_items', [], 'all', em.getTransactionContext()));
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((row: { tenant_id: string }) => row.tenant_id === tenantA)).toBe(true);
    });

    it("refuses an insert with B's tenant_id under A's context", async () => {
      await expect(
        scope.run(tenantA, () =>
          em.getConnection().execute(
            "INSERT INTO demo_catalog_items (id, tenant_id, title, price_cents) VALUES (gen_random_uuid(), ?, 'smuggled', 1)",
            [tenantB],
            'run',
            em.getTransactionContext(),
          ),
        ),
      ).rejects.toThrow(/row-level security/);
    });

    it("refuses moving A's row to tenant B", async () => {
      await expect(
        scope.run(tenantA, () =>
          em.getConnection().execute('UPDATE demo_catalog_items SET tenant_id = ? WHERE id = ?', [tenantB, itemOfA], 'run', em.getTransactionContext()),
        ),
      ).rejects.toThrow(/row-level security/);
    });

    it('shows nothing to a connection with no tenant set, even as a raw query', async () => {
      const rows = await withPgClient(t.database.appUrl, (client) => client.query('SELECT * FROM demo_catalog_items'));
      expect(rows.rowCount).toBe(0);
    });

    it("refuses a row that points at another tenant's row", async () => {
      await expect(
        scope.run(tenantA, () =>
          em.getConnection().execute(
            'INSERT INTO demo_item_notes (tenant_id, item_id, body) VALUES (?, ?, ?)',
            [tenantA, itemOfB, 'cross-tenant reference'],
            'run',
            em.getTransactionContext(),
          ),
        ),
      ).rejects.toThrow(/foreign key/);
    });

    it('runs the application as a role that cannot bypass row-level security', async () => {
      const role = await withPgClient(t.database.appUrl, async (client) =>
        (await client.query('SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user')).rows[0],
      );
      expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
    });
  });

  describe('over HTTP', () => {
    it("answers 404 to tenant B for tenant A's item, and 200 to A", async () => {
      const tokenOfA = testToken({ id: 'user-a', tenantId: tenantA, permissions: ['demo-catalog.read'] });
      const tokenOfB = testToken({ id: 'user-b', tenantId: tenantB, permissions: ['demo-catalog.read'] });
      await t.http().get(`/api/v1/demo-catalog/items/${itemOfA}`).set('authorization', `Bearer ${tokenOfA}`).expect(200);
      const response = await t.http().get(`/api/v1/demo-catalog/items/${itemOfA}`).set('authorization', `Bearer ${tokenOfB}`).expect(404);
      expect(response.body.error.code).toBe('CATALOG_ITEM_NOT_FOUND');
    });
  });
});
