import { MikroORM } from '@mikro-orm/core';
import { TenantsService } from '@tessera/kernel';
import { startTestPlatform, type TestPlatform } from '@tessera/module-sdk/testing';
import { demoAuthModule, demoCatalogModule, testToken } from '../support/demo-modules';
import { knexClientOf, type KnexClient } from '../support/knex-client';

/** Requests whose transactions open at their first statement: every connection goes back to the pool. */
describe('deferred request transactions', () => {
  let t: TestPlatform;
  let pool: KnexClient['pool'];
  let token: string;

  beforeAll(async () => {
    t = await startTestPlatform({ modules: [demoAuthModule, demoCatalogModule] });
    pool = knexClientOf(t.platform.app.get(MikroORM).em).pool;
    const tenantId = (await t.platform.app.get(TenantsService).create({ slug: `deferred-${Date.now()}`, name: 'Deferred' })).id;
    token = testToken({ id: 'deferred-user', tenantId, permissions: ['demo-catalog.read', 'demo-catalog.write'] });
  });
  afterAll(() => t.close());

  it('gives every connection back after many concurrent requests that query, fail and write (more than the pool holds)', async () => {
    const requests = Array.from({ length: 60 }, (_, i) => {
      const call = t.http();
      if (i % 3 === 0) return call.post('/api/v1/demo-catalog/items').set('authorization', `Bearer ${token}`).send({ title: `item ${i}`, priceCents: i }).then((r) => r.status);
      if (i % 3 === 1) return call.get('/api/v1/demo-catalog/items').set('authorization', `Bearer ${token}`).then((r) => r.status);
      return call.get(`/api/v1/demo-catalog/items/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`).set('authorization', `Bearer ${token}`).then((r) => r.status);
    });
    const statuses = await Promise.all(requests);
    expect(new Set(statuses)).toEqual(new Set([201, 200, 404]));
    expect({ used: pool.numUsed(), waiting: pool.numPendingAcquires() }).toEqual({ used: 0, waiting: 0 });
  });
});
