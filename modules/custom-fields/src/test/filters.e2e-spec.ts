import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { EntityManager, RequestContext, UNIT_OF_WORK, type UnitOfWork } from '@tessera/module-sdk';
import { CUSTOM_FIELDS, type CustomFields } from '../index';
import { createTenantSession, type TestSession } from '@tessera/auth/testing';
import { api, filterQuery, startCustomFieldsPlatform, type TestPlatform } from './cf-test-platform';

/** Filters per type and operator, sorts with keyset pagination, and index use, on the tickets target. */
describe('filtering and sorting on custom fields', () => {
  let t: TestPlatform;
  let owner: TestSession;
  const ids: Record<string, string> = {};
  const a = () => api(t, owner);
  const names = (data: Array<{ id: string }>) => data.map((row) => Object.keys(ids).find((name) => ids[name] === row.id)).sort();

  const ROWS: Record<string, object> = {
    r1: { code: 'AB-1', notes: 'Hello World', score: 10, rate: '1.50', price: { amount: '100', currency: 'EUR' }, vip: true, due: '2025-01-10', seen_at: '2025-01-10T08:00:00Z', contact: 'a@x.com', phone: '+442071838750', site: 'https://a.example/', tier: 'gold', regions: ['eu', 'us'] },
    r2: { code: 'AB-2', notes: '50% off_deal', score: 20, rate: '2.25', price: { amount: '250', currency: 'EUR' }, vip: false, due: '2025-02-10', seen_at: '2025-02-10T08:00:00Z', contact: 'b@x.com', phone: '+14155552671', site: 'https://b.example/', tier: 'silver', regions: ['us'] },
    r3: { code: 'CD-3', score: 5.5, rate: '10', price: { amount: '100', currency: 'JPY' }, vip: true, due: '2024-12-31', seen_at: '2025-01-01T00:00:00Z', tier: 'gold', regions: ['apac'] },
    r4: {},
    r5: { code: 'cd-4', score: -3, price: { amount: '300', currency: 'USD' }, tier: 'bronze', regions: ['eu', 'apac'] },
  };

  beforeAll(async () => {
    t = await startCustomFieldsPlatform();
    owner = await createTenantSession(t, { role: 'owner' });
    const options = (...keys: string[]) => keys.map((key) => ({ key, label: key.toUpperCase() }));
    const fields: object[] = [
      { key: 'code', type: 'text' },
      { key: 'notes', type: 'long_text' },
      { key: 'score', type: 'number' },
      { key: 'rate', type: 'decimal' },
      { key: 'price', type: 'currency' },
      { key: 'vip', type: 'boolean' },
      { key: 'due', type: 'date' },
      { key: 'seen_at', type: 'date_time' },
      { key: 'contact', type: 'email' },
      { key: 'phone', type: 'phone' },
      { key: 'site', type: 'url' },
      { key: 'tier', type: 'single_select', options: options('gold', 'silver', 'bronze') },
      { key: 'regions', type: 'multi_select', options: options('eu', 'us', 'apac') },
    ];
    for (const field of fields) await a().post('/custom-fields/fields', { target: 'test-ticket', label: 'Field', ...field }).expect(201);
    for (const [name, customFields] of Object.entries(ROWS)) ids[name] = (await a().post('/test-tickets', { title: name, customFields }).expect(201)).body.id;
    // Another tenant's rows with the same values never show up.
    const other = await createTenantSession(t, { role: 'owner' });
    await api(t, other).post('/custom-fields/fields', { target: 'test-ticket', key: 'tier', label: 'Tier', type: 'single_select', options: options('gold') }).expect(201);
    await api(t, other).post('/test-tickets', { title: 'other tenant', customFields: { tier: 'gold' } }).expect(201);
  });
  afterAll(() => t?.close());

  const FILTERS: Array<[string, object, string[]]> = [
    ['text eq', { code: { eq: 'AB-1' } }, ['r1']],
    ['text ne (also rows without a value)', { code: { ne: 'AB-1' } }, ['r2', 'r3', 'r4', 'r5']],
    ['text in', { code: { in: ['AB-2', 'CD-3'] } }, ['r2', 'r3']],
    ['text contains, case-insensitive', { code: { contains: 'cd' } }, ['r3', 'r5']],
    ['text exists', { code: { exists: true } }, ['r1', 'r2', 'r3', 'r5']],
    ['text does not exist', { code: { exists: false } }, ['r4']],
    ['long text contains with LIKE wildcards taken literally', { notes: { contains: '50%' } }, ['r2']],
    ['long text contains a word', { notes: { contains: 'WORLD' } }, ['r1']],
    ['number gt', { score: { gt: 5.5 } }, ['r1', 'r2']],
    ['number gte', { score: { gte: 5.5 } }, ['r1', 'r2', 'r3']],
    ['number lt', { score: { lt: 0 } }, ['r5']],
    ['number eq', { score: { eq: 20 } }, ['r2']],
    ['number in', { score: { in: [10, -3] } }, ['r1', 'r5']],
    ['number range', { score: { gt: 0, lte: 10 } }, ['r1', 'r3']],
    ['decimal eq in another notation', { rate: { eq: '1.5' } }, ['r1']],
    ['decimal gte', { rate: { gte: '2.25' } }, ['r2', 'r3']],
    ['decimal lt with more precision than stored', { rate: { lt: '1.501' } }, ['r1']],
    ['currency eq', { price: { eq: { amount: '100.00', currency: 'EUR' } } }, ['r1']],
    ['currency gt within its currency only', { price: { gt: { amount: '99', currency: 'EUR' } } }, ['r1', 'r2']],
    ['currency lte in USD', { price: { lte: { amount: '300', currency: 'USD' } } }, ['r5']],
    ['boolean eq', { vip: { eq: true } }, ['r1', 'r3']],
    ['boolean ne', { vip: { ne: true } }, ['r2', 'r4', 'r5']],
    ['date lt', { due: { lt: '2025-01-01' } }, ['r3']],
    ['date gte', { due: { gte: '2025-01-10' } }, ['r1', 'r2']],
    ['date in', { due: { in: ['2024-12-31', '2025-02-10'] } }, ['r2', 'r3']],
    ['date-time gt', { seen_at: { gt: '2025-01-01T00:00:00+00:00' } }, ['r1', 'r2']],
    ['date-time eq in another offset', { seen_at: { eq: '2025-01-01T01:00:00+01:00' } }, ['r3']],
    ['email eq, case-insensitive', { contact: { eq: 'A@X.com' } }, ['r1']],
    ['email contains', { contact: { contains: '@x.' } }, ['r1', 'r2']],
    ['phone eq in another format', { phone: { eq: '+1 (415) 555-2671' } }, ['r2']],
    ['url eq normalised', { site: { eq: 'https://A.example' } }, ['r1']],
    ['single select eq', { tier: { eq: 'gold' } }, ['r1', 'r3']],
    ['single select in', { tier: { in: ['silver', 'bronze'] } }, ['r2', 'r5']],
    ['single select ne', { tier: { ne: 'gold' } }, ['r2', 'r4', 'r5']],
    ['multi select contains one', { regions: { contains: 'eu' } }, ['r1', 'r5']],
    ['multi select contains all', { regions: { contains: ['us', 'eu'] } }, ['r1']],
    ['multi select in (any)', { regions: { in: ['us', 'apac'] } }, ['r1', 'r2', 'r3', 'r5']],
    ['multi select without a value', { regions: { exists: false } }, ['r4']],
    ['several fields ANDed', { tier: { eq: 'gold' }, score: { gt: 6 } }, ['r1']],
  ];
  it.each(FILTERS)('%s', async (_what, filter, expected) => {
    const response = await a().get('/test-tickets' + filterQuery(filter, { limit: '100' }));
    expect(response.status).toBe(200);
    expect(names(response.body.data)).toEqual(expected);
  });

  it.each([
    ['an unknown field', { colour: { eq: 'red' } }, 'customFields.colour', /not a custom field/],
    ['an operator the type lacks', { tier: { gt: 'gold' } }, 'customFields.tier.gt', /does not apply to single_select fields \(they accept eq, ne, in, exists\)/],
    ['an operand of the wrong type', { score: { gt: 'ten' } }, 'customFields.score.gt', /must be a number/],
    ['an option that does not exist', { tier: { eq: 'platinum' } }, 'customFields.tier.eq', /not an option/],
    ['an unknown operator', { score: { between: [1, 2] } }, 'customFields.score.between', /not a filter operator/],
  ])('refuses %s with a 400 naming it', async (_what, filter, field, words) => {
    const response = await a().get('/test-tickets' + filterQuery(filter));
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field, message: expect.stringMatching(words) }] });
  });

  it('refuses a filter that is not JSON', async () => {
    const response = await a().get('/test-tickets?customFields=' + encodeURIComponent('{tier: gold'));
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([{ field: 'customFields', message: expect.stringMatching(/JSON object/) }]);
  });

  describe('sorting with cursor pagination', () => {
    /** Every page of 2 in order, following nextCursor. */
    const pages = async (sort: string, filter: object = {}): Promise<string[]> => {
      const order: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 10; page++) {
        const extra: Record<string, string> = { sort, limit: '2', ...(cursor ? { cursor } : {}) };
        const response = await a().get('/test-tickets' + filterQuery(filter, extra)).expect(200);
        order.push(...response.body.data.map((row: { id: string }) => Object.keys(ids).find((name) => ids[name] === row.id)!));
        cursor = response.body.nextCursor;
        if (!cursor) break;
      }
      return order;
    };
    // Ties (r1 and r3 hold the same tier and price amount) go by id: creation order, in the sort's direction.
    it.each([
      ['customFields.score', ['r5', 'r3', 'r1', 'r2', 'r4']],
      ['-customFields.score', ['r2', 'r1', 'r3', 'r5', 'r4']],
      ['customFields.tier', ['r5', 'r1', 'r3', 'r2', 'r4']],
      ['-customFields.tier', ['r2', 'r3', 'r1', 'r5', 'r4']],
      ['customFields.rate', ['r1', 'r2', 'r3', 'r4', 'r5']],
      ['customFields.price', ['r1', 'r3', 'r2', 'r5', 'r4']],
      ['customFields.due', ['r3', 'r1', 'r2', 'r4', 'r5']],
      ['-customFields.seen_at', ['r2', 'r1', 'r3', 'r5', 'r4']],
      ['customFields.vip', ['r2', 'r1', 'r3', 'r4', 'r5']],
      ['customFields.code', ['r1', 'r2', 'r3', 'r5', 'r4']],
    ])('sorts by %s, values first, ties by id, every row exactly once across pages', async (sort, expected) => {
      expect(await pages(sort)).toEqual(expected);
    });

    it('combines a sort with a filter', async () => {
      expect(await pages('-customFields.score', { tier: { in: ['gold', 'bronze'] } })).toEqual(['r1', 'r3', 'r5']);
    });

    it('refuses sorting on a multi-select field, on an unknown field, and a cursor of another sort', async () => {
      expect((await a().get('/test-tickets?sort=customFields.regions')).body.error.details).toEqual([{ field: 'sort', message: 'multi_select fields cannot be sorted on.' }]);
      expect((await a().get('/test-tickets?sort=customFields.nope')).status).toBe(400);
      const first = await a().get('/test-tickets?sort=customFields.score&limit=2').expect(200);
      const mismatched = await a().get(`/test-tickets?sort=-customFields.score&limit=2&cursor=${first.body.nextCursor}`);
      expect(mismatched.status).toBe(400);
      expect(mismatched.body.error.details).toEqual([{ field: 'cursor', message: expect.stringMatching(/another sort/) }]);
      const forged = Buffer.from(JSON.stringify(['score', 'asc', "1; DROP TABLE test_tickets", randomUUID()])).toString('base64url');
      expect((await a().get(`/test-tickets?sort=customFields.score&cursor=${forged}`)).status).toBe(400);
    });
  });

  describe('index use', () => {
    const ROWS_IN_BULK_TENANT = 20_000;
    let bulk: TestSession;

    beforeAll(async () => {
      // A tenant with enough rows that the planner has a real choice (its own fields, so the sets above hold).
      bulk = await createTenantSession(t, { role: 'owner' });
      const b = api(t, bulk);
      await b.post('/custom-fields/fields', { target: 'test-ticket', key: 'tier', label: 'Tier', type: 'single_select', options: [{ key: 'gold', label: 'Gold' }, { key: 'common', label: 'Common' }] }).expect(201);
      await b.post('/custom-fields/fields', { target: 'test-ticket', key: 'score', label: 'Score', type: 'number' }).expect(201);
      await b.post('/custom-fields/fields', { target: 'test-ticket', key: 'regions', label: 'Regions', type: 'multi_select', options: [{ key: 'eu', label: 'EU' }, { key: 'us', label: 'US' }] }).expect(201);
      const client = new Client({ connectionString: t.database.migrationUrl });
      await client.connect();
      try {
        await client.query("SELECT set_config('app.tenant_id', $1, false)", [bulk.tenantId]);
        await client.query(
          `INSERT INTO test_tickets (id, tenant_id, title, custom_fields)
             SELECT gen_random_uuid(), $1, 'bulk ' || i, jsonb_build_object('tier', CASE WHEN i % 500 = 0 THEN 'gold' ELSE 'common' END,
               'score', i, 'regions', CASE WHEN i % 700 = 0 THEN '["eu"]'::jsonb ELSE '["us"]'::jsonb END)
             FROM generate_series(1, $2) AS i`,
          [bulk.tenantId, ROWS_IN_BULK_TENANT],
        );
        await client.query('ANALYZE test_tickets');
      } finally {
        await client.end();
      }
    });

    const plan = async (filter: object): Promise<string> => {
      const work = t.platform.app.get<UnitOfWork>(UNIT_OF_WORK, { strict: false });
      const em = t.platform.app.get(EntityManager, { strict: false });
      const customFields = t.platform.app.get<CustomFields>(CUSTOM_FIELDS, { strict: false });
      return RequestContext.run({ requestId: 'explain', source: 'system' }, () =>
        work.withTenant(bulk.tenantId!, async () => {
          const where = (await customFields.forTarget('test-ticket')).where(filter)!;
          const rows = await em.execute<Array<{ 'QUERY PLAN': string }>>(`EXPLAIN SELECT id FROM test_tickets WHERE ${where.sql}`, [...where.params]);
          return rows.map((row) => row['QUERY PLAN']).join('\n');
        }),
      );
    };
    const INDEXABLE: Array<[string, object]> = [
      ['eq', { tier: { eq: 'gold' } }],
      ['in', { score: { in: [10, 20] } }],
      ['multi-select contains', { regions: { contains: ['eu'] } }],
    ];

    // Row-level security lets the planner use an index only for leakproof operators, and PostgreSQL does not
    // mark jsonb @> (jsonb_contains) leakproof: only a superuser can (see the README's "Performance").
    it.each(INDEXABLE)('cannot use the GIN index for %s under row-level security while jsonb_contains is not leakproof', async (_what, filter) => {
      expect(await plan(filter)).not.toMatch(/test_tickets_custom_fields/);
    });

    describe('once a superuser marks jsonb_contains LEAKPROOF', () => {
      const asAdmin = async (sql: string) => {
        const url = new URL(t.database.adminUrl);
        url.pathname = `/${t.database.name}`;
        const client = new Client({ connectionString: url.toString() });
        await client.connect();
        await client.query(sql).finally(() => client.end());
      };
      beforeAll(() => asAdmin('ALTER FUNCTION jsonb_contains(jsonb, jsonb) LEAKPROOF'));
      afterAll(() => asAdmin('ALTER FUNCTION jsonb_contains(jsonb, jsonb) NOT LEAKPROOF'));

      it.each(INDEXABLE)('serves a selective %s filter from the GIN index', async (_what, filter) => {
        expect(await plan(filter)).toMatch(/Bitmap Index Scan on test_tickets_custom_fields/);
      });

      it('still cannot serve a range from it (documented as not indexed)', async () => {
        expect(await plan({ score: { gt: 19_990 } })).not.toMatch(/test_tickets_custom_fields/);
      });
    });
  });
});
