import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { startTestPlatform, type TestPlatform } from '@tessera/module-sdk/testing';
import { demoAuthModule, demoCatalogModule, testToken } from '../support/demo-modules';

/** A module's searchable entity end to end: written and indexed in one request, searched over HTTP. */
describe('searching a module entity over HTTP (PostgreSQL backend)', () => {
  let t: TestPlatform;
  const tenantA = randomUUID();
  const tenantB = randomUUID();
  const token = (tenantId: string) => testToken({ id: `user-${tenantId}`, tenantId, permissions: ['demo-catalog.read', 'demo-catalog.write'] });

  beforeAll(async () => {
    t = await startTestPlatform({ modules: [demoAuthModule, demoCatalogModule] });
    const admin = new URL(t.database.adminUrl);
    admin.pathname = `/${t.database.name}`;
    const client = new Client({ connectionString: admin.toString() });
    await client.connect();
    for (const id of [tenantA, tenantB]) await client.query('INSERT INTO tenants (id, slug, name) VALUES ($1, $2, $2)', [id, `c-${id.slice(0, 8)}`]);
    await client.end();
  });
  afterAll(() => t.close());

  const create = (tenantId: string, title: string) =>
    t.http().post('/api/v1/demo-catalog/items').set('authorization', `Bearer ${token(tenantId)}`).send({ title, priceCents: 100 }).expect(201);
  const find = (tenantId: string, query: Record<string, string>) =>
    t.http().get('/api/v1/demo-catalog/items/search').query(query).set('authorization', `Bearer ${token(tenantId)}`);

  it('finds an item as soon as it was created, despite a typo, in its own tenant only', async () => {
    const engine = (await create(tenantA, 'Analytical Engine')).body;
    await create(tenantA, 'Difference Engine');
    const found = await find(tenantA, { text: 'analitycal' }).expect(200);
    expect(found.body.data.map((item: { id: string }) => item.id)).toEqual([engine.id]);
    const other = await find(tenantB, { text: 'analytical' }).expect(200);
    expect(other.body).toEqual({ data: [], nextCursor: null });
  });

  it('pages with the cursor and refuses a cursor of another query', async () => {
    for (const title of ['Loom One', 'Loom Two', 'Loom Three']) await create(tenantA, title);
    const first = await find(tenantA, { text: 'loom', limit: '2' }).expect(200);
    expect(first.body.data).toHaveLength(2);
    const second = await find(tenantA, { text: 'loom', limit: '2', cursor: first.body.nextCursor }).expect(200);
    expect(second.body).toMatchObject({ data: [expect.anything()], nextCursor: null });
    const refused = await find(tenantA, { text: 'engine', cursor: first.body.nextCursor }).expect(400);
    expect(refused.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'cursor' }] });
  });

  it('answers a query without letters or digits with 400 naming text', async () => {
    const response = await find(tenantA, { text: '???' }).expect(400);
    expect(response.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'text' }] });
  });
});
