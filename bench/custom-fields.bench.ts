/**
 * Custom fields: the shared validator on a write, filters and keyset sorts over a 20,000-row tenant, and a
 * type change that rewrites every value: `npm run bench -- custom-fields`. Boots a real platform
 * (PostgreSQL, Redis) with custom-fields and the test-only tickets target; each platform figure is measured
 * next to a bare baseline in the same process, interleaved.
 */
import { Client } from 'pg';
import { EntityManager, RequestContext, UNIT_OF_WORK, type UnitOfWork } from '@tessera/module-sdk';
import { startTestPlatform, type TestPlatform } from '@tessera/module-sdk/testing';
import { withBenchServices } from './lib/services';
import { CUSTOM_FIELDS, customFieldsModule, type CustomFields, type TargetCustomFields } from '../modules/custom-fields/src/index';
import { testTicketsModule } from '../modules/custom-fields/src/test/tickets/test-tickets.module';
import { StoredValues } from '../modules/custom-fields/src/type-change/stored-values.service';
import { saveResult, type BenchRow } from './lib/bench-result';
import { interleave, median } from './lib/sampling';

const ROWS = 20_000;
const ROUNDS = 9;

async function main(): Promise<void> {
  await withBenchServices(async () => {
    const t = await startTestPlatform({ modules: [customFieldsModule, testTicketsModule] });
    try {
      await run(t);
    } finally {
      await t.close();
    }
  });
}

async function run(t: TestPlatform): Promise<void> {
  const work = t.platform.app.get<UnitOfWork>(UNIT_OF_WORK, { strict: false });
  const em = t.platform.app.get(EntityManager, { strict: false });
  const customFields = t.platform.app.get<CustomFields>(CUSTOM_FIELDS, { strict: false });
  const tenantId = (await work.withoutTenant(() => em.execute<Array<{ id: string }>>("INSERT INTO tenants (id, slug, name) VALUES (gen_random_uuid(), 'bench', 'Bench') RETURNING id")))[0]!.id;
  const inTenant = <T>(fn: () => Promise<T>) => RequestContext.run({ requestId: 'bench', source: 'system' }, () => work.withTenant(tenantId, fn));
  const admin = async (sql: string, params: unknown[] = []) => {
    const url = new URL(t.database.adminUrl);
    url.pathname = `/${t.database.name}`;
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows;
    } finally {
      await client.end();
    }
  };

  // Ten fields of assorted types, and 20,000 rows holding values.
  const definitions = [
    ['code', 'text'], ['notes', 'long_text'], ['score', 'number'], ['rate', 'decimal'], ['vip', 'boolean'],
    ['due', 'date'], ['contact', 'email'], ['phone', 'phone'], ['site', 'url'], ['tier', 'single_select'],
  ] as const;
  await RequestContext.run({ requestId: 'bench', source: 'system' }, () =>
    work.withTenant(tenantId, async () => {
      for (const [i, [key, type]] of definitions.entries()) {
        await em.execute(
          `INSERT INTO custom_field_definitions (id, tenant_id, target, key, label, type, options) VALUES (gen_random_uuid(), ?, 'test-ticket', ?, ?, ?, ?::jsonb)`,
          [tenantId, key, `Field ${i}`, type, type === 'single_select' ? JSON.stringify([{ key: 'gold', label: 'Gold', archived: false }, { key: 'common', label: 'Common', archived: false }]) : '[]'],
        );
      }
    }),
  );
  await admin(
    `INSERT INTO test_tickets (id, tenant_id, title, custom_fields)
       SELECT gen_random_uuid(), $1, 'row ' || i, jsonb_build_object('code', 'C-' || i, 'score', i, 'rate', (i / 100.0)::numeric(12,2)::text,
         'vip', i % 2 = 0, 'due', (date '2020-01-01' + i)::text, 'tier', CASE WHEN i % 500 = 0 THEN 'gold' ELSE 'common' END)
       FROM generate_series(1, $2) AS i`,
    [tenantId, ROWS],
  );
  await admin('ANALYZE test_tickets');

  const input = {
    code: 'AB-1', notes: 'Some notes\nover two lines', score: 42, rate: '12.5', vip: true, due: '2025-03-31',
    contact: 'Ada@Example.com', phone: '+44 20 7183 8750', site: 'https://example.com', tier: 'gold',
  };
  const timeMs = async (fn: () => Promise<unknown>, iterations: number) => {
    const started = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) await fn();
    return Number(process.hrtime.bigint() - started) / 1e6 / iterations;
  };
  const pair = async (a: () => Promise<unknown>, b: () => Promise<unknown>, iterations: number): Promise<[number, number]> => {
    await timeMs(a, 3);
    await timeMs(b, 3);
    const samples = await interleave(ROUNDS, () => timeMs(a, iterations), () => timeMs(b, iterations));
    return [median(samples.a), median(samples.b)];
  };
  const row = (metric: string, [value, baseline]: [number, number], note: string): BenchRow => ({ metric, value, unit: 'ms', baseline, ratio: baseline / value, note });
  const rows: BenchRow[] = [];

  // 1. The write path: load definitions, take the shared lock, reload, validate ten values.
  rows.push(
    row(
      'validate a 10-field row (forTarget + validateCreate), one unit of work',
      await pair(
        () => inTenant(async () => (await customFields.forTarget('test-ticket')).validateCreate(input)),
        () => inTenant(() => em.execute("SELECT * FROM custom_field_definitions WHERE target = 'test-ticket'")),
        30,
      ),
      'bare: the same unit of work running only the definitions SELECT',
    ),
  );

  // 2. Filters and sorts over the tenant's 20,000 rows, through the contract's SQL.
  const fields = (): Promise<TargetCustomFields> => customFields.forTarget('test-ticket');
  const query = (filter: object, extra = '') =>
    inTenant(async () => {
      const where = (await fields()).where(filter)!;
      return em.execute(`SELECT id FROM test_tickets WHERE ${where.sql} ${extra} LIMIT 50`, [...where.params]);
    });
  const byId = () => inTenant(() => em.execute('SELECT id FROM test_tickets ORDER BY id LIMIT 50'));
  rows.push(row(`filter eq (selective), ${ROWS} rows, jsonb_contains not leakproof`, await pair(() => query({ tier: { eq: 'gold' } }), byId, 10), 'bare: first page by id'));
  rows.push(row(`filter range (score > 19,900), ${ROWS} rows`, await pair(() => query({ score: { gt: 19_900 } }), byId, 10), 'bare: first page by id'));
  rows.push(
    row(
      `keyset page of 50 sorted by a number field, ${ROWS} rows`,
      await pair(
        () =>
          inTenant(async () => {
            const sort = (await fields()).sort({ key: 'score', direction: 'desc' });
            return em.execute(`SELECT id, custom_fields FROM test_tickets ORDER BY ${sort.orderBy.sql} LIMIT 50`, [...sort.orderBy.params]);
          }),
        byId,
        10,
      ),
      'bare: first page by id (index order)',
    ),
  );
  await admin('ALTER FUNCTION jsonb_contains(jsonb, jsonb) LEAKPROOF');
  rows.push(row(`filter eq (selective), ${ROWS} rows, jsonb_contains LEAKPROOF (GIN index)`, await pair(() => query({ tier: { eq: 'gold' } }), byId, 10), 'bare: first page by id'));
  await admin('ALTER FUNCTION jsonb_contains(jsonb, jsonb) NOT LEAKPROOF');

  // 3. A type change that rewrites every stored value (number → decimal), in one transaction.
  const scoreId = (await inTenant(() => em.execute<Array<{ id: string }>>("SELECT id FROM custom_field_definitions WHERE key = 'score'")))[0]!.id;
  const started = process.hrtime.bigint();
  await RequestContext.run({ requestId: 'bench', source: 'system' }, () =>
    work.withTenant(tenantId, async () => {
      const target = { name: 'test-ticket', description: '', table: 'test_tickets', column: 'custom_fields', module: 'test-tickets' };
      await t.platform.app.get(StoredValues, { strict: false }).convert(target, 'number', { key: 'score', type: 'decimal', constraints: {}, options: [] });
    }),
  );
  const typeChangeMs = Number(process.hrtime.bigint() - started) / 1e6;
  rows.push({ metric: `type change number → decimal, ${ROWS} values rewritten`, value: typeChangeMs, unit: 'ms', note: `${((typeChangeMs / ROWS) * 1000).toFixed(1)} µs per value; field ${scoreId}` });

  saveResult({
    name: 'custom-fields',
    title: 'Custom fields: write validation, filters and sorts over JSONB, type change',
    command: 'npm run bench -- custom-fields',
    rows,
    notes: [
      `One tenant with ${ROWS} rows in test_tickets (GIN jsonb_path_ops index on custom_fields, btree on (tenant_id, id)); ANALYZEd.`,
      'Under forced row-level security PostgreSQL only uses an index for leakproof operators. jsonb @> (jsonb_contains) is not leakproof by default, so filters scan the tenant\'s rows; a superuser can mark it LEAKPROOF, and then selective eq/in/contains filters use the GIN index (both measured).',
      'The write-path figure includes the shared advisory lock and the definitions reload taken for every write (no pattern or unique field in this row: each adds one query).',
      'Type change: values are read in id batches of 1,000, converted in JS by the same handlers that validate writes, and written back with one UPDATE ... FROM jsonb_to_recordset per batch.',
      `Each figure is the median of ${ROUNDS} interleaved rounds (platform and bare alternating).`,
    ],
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
