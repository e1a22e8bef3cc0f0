/**
 * Contact search at a million contacts: `GET /api/v1/contacts/search` through the whole platform (auth,
 * tenant transaction, the search port's PostgreSQL backend, hydration through the ORM) against a bare
 * Express + `pg` server running the same SQL as the application role, under autocannon:
 * `npm run bench -- contacts-search`. 100 tenants x 10,000 contacts (every tenant the same size: under
 * forced row-level security a query reads its tenant's documents, so the tenant's size is what a query
 * costs, and the table's million rows are what the planner and the cache see). The seeded database is
 * kept between runs (`lib/contacts-million-seed.ts`).
 */
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { saveResult, type BenchRow } from './lib/bench-result';
import { withServers, type BenchServer, type ServerSpec } from './lib/bench-server';
import { comparisonRows, loadSettings, runHttpLoad } from './lib/http-load';
import { median, percentile } from './lib/sampling';
import { withBenchServices } from './lib/services';
import { seededContactsDatabase, type SeededDatabase } from './lib/contacts-million-seed';
import { KNOWN_CONTACTS, seedContact, type SeedContact, type SeedLayout } from './lib/contacts-million-data';
import type { BareSearchQuery } from './lib/servers/search-bare.server';
import { parseQuery } from '../libs/search/src/query/parsed-query';
import { queryFingerprint } from '../libs/search/src/query/search-cursor';
import { searchSql } from '../libs/search/src/postgres/search-sql';

const LAYOUT: SeedLayout = { tenants: 100, contactsPerTenant: 10_000 };
const LIMIT = 20;
const POOL_SIZE = 10; // PLATFORM_BENCH_ENV's DATABASE_POOL_SIZE
/** The tenant the member searches in (its contacts open with the known ones). */
const TENANT = 0;

/** The loaded queries: each finds Ada Lovelace (the tenant's first contact) first. */
const QUERIES = [
  { name: 'exact', kind: 'exact words', q: 'Ada Lovelace', loaded: true },
  { name: 'prefix', kind: 'prefix', q: 'lovel', loaded: false },
  { name: 'misspelled', kind: 'misspelling', q: 'Lovelce', loaded: true },
] as const;
/**
 * A query costs PostgreSQL 0.05-0.35 s here (see the notes), so both sides top out at a few requests per second:
 * at the harness's 100 connections a request waits >10 s in the pools and autocannon times out. Ten
 * connections, the pools' size, keep both pools full without that queue.
 */
const CONNECTIONS = 10;

const searchPath = (q: string, limit = LIMIT) => `/api/v1/contacts/search?${new URLSearchParams({ q, limit: String(limit) }).toString()}`;
const mikroOrm = new PostgreSqlPlatform();

/** The backend's SQL for a query, with the values inlined by MikroORM's own formatter: the text the platform sends. */
function bareQuery(tenantId: string, q: string): BareSearchQuery {
  const parsed = parseQuery({ text: q, limit: LIMIT });
  const { sql, params } = searchSql(tenantId, 'contacts', parsed, null);
  return { q, limit: LIMIT, sql: mikroOrm.formatQuery(sql, params), fingerprint: queryFingerprint({ tenantId, collection: 'contacts', backend: 'postgres', query: parsed }) };
}

async function main(): Promise<void> {
  await withBenchServices(async () => {
    const log = (line: string) => console.log(line);
    const seeded = await seededContactsDatabase(LAYOUT, log);
    const tenantId = seeded.tenantIds[TENANT]!;
    const queries = Object.fromEntries(QUERIES.map((query) => [query.name, bareQuery(tenantId, query.q)]));
    const platformSpec: ServerSpec = {
      label: 'platform',
      file: 'platform.server',
      factory: 'startPlatform',
      database: seeded.database,
      options: { modules: 'builtin', session: { tenantId }, sessionTargets: Object.fromEntries(QUERIES.map((query) => [query.name, searchPath(query.q)])) },
    };
    const bareSpec: ServerSpec = {
      label: 'bare Express + pg',
      file: 'search-bare.server',
      factory: 'startSearchBare',
      options: { databaseUrl: seeded.database.appUrl, tenantId, poolSize: POOL_SIZE, queries },
    };
    await withServers([platformSpec, bareSpec], async ([platform, bare]) => {
      const rows: BenchRow[] = [];
      const notes: string[] = [];
      const checks = await checkAnswers(platform!, bare!);
      const plans = await explainQueries(seeded, tenantId, queries);
      const sequential = await sequentialLatency(platform!, bare!);
      const buildMs = queryBuildMs(tenantId);
      const settings = loadSettings({ connections: CONNECTIONS, rounds: 3, roundSeconds: 3 });
      for (const query of QUERIES) {
        const plan = plans.get(query.name)!;
        const one = sequential.get(query.name)!;
        const latencyRow: BenchRow = {
          metric: `${query.kind} "${query.q}": one request at a time, p50 of ${one.samples}`,
          value: Number(one.platform.toFixed(1)),
          unit: 'ms',
          baseline: Number(one.bare.toFixed(1)),
          ratio: one.bare / one.platform,
          note: `p95 ${one.platformP95.toFixed(1)} ms vs ${one.bareP95.toFixed(1)} ms; EXPLAIN ANALYZE as the application role: ${plan.ms.toFixed(1)} ms, plan ${plan.scans}, ${plan.rowsRead.toLocaleString('en')} documents read, ${plan.hits} hits`,
        };
        if (!query.loaded) {
          rows.push(latencyRow);
          continue;
        }
        console.log(`\n${query.kind} "${query.q}"`);
        const [a, b] = await runHttpLoad(
          [
            { label: 'platform', server: platform!, target: query.name },
            { label: 'bare Express + pg', server: bare!, target: query.name },
          ],
          settings,
        );
        rows.push(
          ...comparisonRows(a!, b!, { targets: { requests: '>= 0.9' }, note: `${query.kind} "${query.q}"` }).map((row) => ({ ...row, metric: `${query.kind} "${query.q}", ${row.metric}` })),
          latencyRow,
        );
      }
      notes.push(
        `Data: ${LAYOUT.tenants} tenants x ${LAYOUT.contactsPerTenant.toLocaleString('en')} contacts (1,000,000 contacts and 1,000,000 search documents), every tenant the same size; the searches run in tenant ${TENANT} as a member (role member, permission contacts.read; the contacts module is on for every tenant).`,
        `Seed: ${seeded.seedSeconds === null ? `the database ${seeded.database.name} seeded by an earlier run was reused (fingerprint ${seeded.fingerprint} of the migrations, the search and contacts code the rows depend on, and the seed)` : `seeded in this run in ${seeded.seedSeconds.toFixed(0)} s (${seeded.database.name}, kept for the next runs)`}. Contacts with the columns ContactWrites sets; search documents built from the backend's own functions (checked equal to documentRow on a sample, before the load and in the table); tenants through the platform's tenant directory.`,
        `Checks before the load: ${checks.join('; ')}.`,
        `Sides: platform = the api host (builtin modules, production settings, pool of 10) answering GET /api/v1/contacts/search with a member's bearer token; bare = Express + pg, pool of 10, one transaction per request as the application role (row-level security applies) with set_config('app.tenant_id') in the BEGIN as the platform sends it, the backend's search SQL (searchSql with the values inlined by MikroORM's formatter, computed once by the bench: the bare side does not parse the query and build its SQL, ${buildMs.toFixed(2)} ms of the platform's work per request, measured here), then the hits' contacts, answered with the same JSON body (compared byte for byte).`,
        `HTTP (${QUERIES.filter((query) => query.loaded).map((query) => `"${query.q}"`).join(', ')}): ${settings.rounds} interleaved rounds of ${settings.roundSeconds} s per query at ${settings.connections} connections (the pools' size; see CONNECTIONS) after a ${settings.warmupSeconds} s warm-up; "${QUERIES.filter((query) => !query.loaded).map((query) => query.q).join('", "')}" one request at a time only (the area's time). Both sides are bound by PostgreSQL on this 2-core machine, which evaluates every word's tsquery on each of the tenant's 10,000 documents (row-level security hides the GIN indexes, libs/search/README.md), so the ratio reads how much the platform adds to a query that costs PostgreSQL 0.05-0.35 s (EXPLAIN ANALYZE, depending on the machine's load; 5-35 µs per document checked: every word is up to three tsquery tests on a ~1.2 KB tsvector of ~150 lexemes, a third of them compressed).`,
      );
      notes.push(
        'Where the platform\'s time goes (npm run bench:profile -- contacts-search platform, 2026-12-01, load average ~11 from other work): the api process spent ~47 ms of CPU per search request under load (inflated by the busy machine; the authenticated floor route costs ~2.6 ms of the whole machine per request on a quieter one), with no single hot spot: the database layer 44-51 % (MikroORM, knex and pg: inlining and sending the ~5 KB search SQL, the custom-field definitions read with its advisory lock, hydrating the contacts as entities), the HTTP framework 13-14 %, platform code 9-10 % (token check, query parsing and SQL building), logging ~5 %, Redis (rate limits) 2-5 %, GC 4-6 %. Both sides are bound by PostgreSQL, on the same 2 cores: the platform\'s CPU is taken from PostgreSQL, and its two extra statements per request (7: BEGIN, set_config, the custom-fields advisory lock and definitions, search, contacts, COMMIT; bare: 5) hold a pooled connection longer. On this shared machine each wake-up waits for a core, which widens the gap; one request at a time (the rows above) the platform added 7-40 ms to searches of 45-200 ms over two runs.',
        'Seed times, 2026-12-01: on a quiet machine 408 s (rows 169 s at ~5,900 rows/s, the JS composition and PostgreSQL sharing the 2 cores; the two GIN indexes 232 s, built side by side, the document index holding ~150 lexemes per document, most of them typo keys; the tenants, VACUUM ANALYZE and the checks ~7 s together); beside other work (load average 15-20) 2,589 s. ~3.1 GB. Reused runs skip all of it; PostgreSQL 15 builds a GIN index on one core (parallel GIN builds arrive in 18).',
      );
      saveResult({ name: 'contacts-search', title: 'Contact search at 1,000,000 contacts (API vs the same SQL through pg)', command: 'npm run bench -- contacts-search', rows, notes });
    });
    if (process.env.BENCH_CONTACTS_SEARCH_DROP === '1') await seeded.database.drop();
  });
}

interface ContactsPage {
  readonly data: ReadonlyArray<{ readonly id: string; readonly displayName: string }>;
  readonly nextCursor: string | null;
}

async function fetchText(server: BenchServer, path: string, headers?: Record<string, string>): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${server.port}${path}`, { headers });
  const body = await response.text();
  if (!response.ok) throw new Error(`${server.spec.label}: GET ${path} answered ${response.status}: ${body.slice(0, 300)}`);
  return body;
}

/**
 * The real API finds what it should at a million rows: the loaded queries find the known contact first and
 * the bare server answers the same bytes; sampled seeded contacts are found by their exact name, a prefix
 * and a misspelling.
 */
async function checkAnswers(platform: BenchServer, bare: BenchServer): Promise<string[]> {
  const headers = platform.targets.exact!.headers as Record<string, string>;
  const ada = seedContact(LAYOUT, TENANT * LAYOUT.contactsPerTenant);
  for (const query of QUERIES) {
    const body = await fetchText(platform, platform.targets[query.name]!.path, headers);
    const first = (JSON.parse(body) as ContactsPage).data[0];
    if (first?.id !== ada.id) throw new Error(`"${query.q}" did not find ${KNOWN_CONTACTS[0].firstName} ${KNOWN_CONTACTS[0].lastName} (${ada.id}) first: ${body.slice(0, 300)}`);
    const bareBody = await fetchText(bare, bare.targets[query.name]!.path);
    if (bareBody !== body) throw new Error(`The bare server's answer to "${query.q}" differs from the platform's:\n${bareBody.slice(0, 400)}\n${body.slice(0, 400)}`);
  }
  const sample = [137, 2_024, 5_555, 7_777, 9_998].map((position) => seedContact(LAYOUT, TENANT * LAYOUT.contactsPerTenant + position));
  const forms = (contact: SeedContact) => {
    const last = contact.lastName!;
    // Two adjacent letters swapped inside the last name: one edit, within reach of any word of 3+ letters.
    const swapped = `${last.slice(0, 1)}${last[2]}${last[1]}${last.slice(3)}`;
    return [
      ['exact', `${contact.firstName} ${last}`],
      ['prefix', `${contact.firstName} ${last.slice(0, 4)}`],
      ['misspelled', `${contact.firstName} ${swapped}`],
    ] as const;
  };
  for (const contact of sample) {
    for (const [form, q] of forms(contact)) {
      const page = JSON.parse(await fetchText(platform, searchPath(q), headers)) as ContactsPage;
      if (!page.data.some((hit) => hit.id === contact.id)) {
        throw new Error(`${form} query "${q}" did not find seeded contact ${contact.displayName} (${contact.id}): ${page.data.map((hit) => hit.displayName).join(', ')}`);
      }
    }
  }
  return [
    `"${QUERIES.map((query) => query.q).join('", "')}" each find Ada Lovelace first, and the bare server answers byte for byte the same`,
    `${sample.length} sampled seeded contacts each found by their exact name, first name + a 4-letter prefix of the last name, and first name + the last name with two letters swapped (e.g. "${forms(sample[0]!).map(([, q]) => q).join('", "')}")`,
  ];
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

interface PlanSummary {
  readonly ms: number;
  readonly scans: string;
  readonly rowsRead: number;
  readonly hits: number;
}

/** EXPLAIN ANALYZE of each query's SQL as the application role in a tenant transaction, as the platform runs it. */
async function explainQueries(seeded: SeededDatabase, tenantId: string, queries: Record<string, BareSearchQuery>): Promise<Map<string, PlanSummary>> {
  const client = new Client({ connectionString: seeded.database.appUrl });
  await client.connect();
  const plans = new Map<string, PlanSummary>();
  try {
    for (const [name, query] of Object.entries(queries)) {
      await client.query('BEGIN');
      await client.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
      const explained = (await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${query.sql}`)).rows[0]['QUERY PLAN'] as Array<{ Plan: PlanNode; 'Execution Time': number }>;
      await client.query('COMMIT');
      const root = explained[0]!;
      const scans: string[] = [];
      let rowsRead = 0;
      const walk = (node: PlanNode) => {
        if (/Scan/.test(node['Node Type']) && (node['Relation Name'] === 'search_documents' || node['Index Name'])) {
          scans.push(`${node['Node Type']}${node['Index Name'] ? ` (${node['Index Name']})` : ''}`);
          // Per loop (a parallel scan has one loop per process).
          if (node['Relation Name'] === 'search_documents') rowsRead = ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0)) * (node['Actual Loops'] ?? 1);
        }
        for (const child of node.Plans ?? []) walk(child);
      };
      walk(root.Plan);
      plans.set(name, { ms: root['Execution Time'], scans: [...new Set(scans)].join(' + ') || 'none', rowsRead, hits: root.Plan['Actual Rows'] ?? 0 });
    }
  } finally {
    await client.end();
  }
  return plans;
}

/** What parsing a query, building its SQL and inlining the values costs (the bench does it once for the bare side). */
function queryBuildMs(tenantId: string): number {
  const iterations = 300;
  const started = performance.now();
  for (let i = 0; i < iterations; i++) for (const query of QUERIES) bareQuery(tenantId, query.q);
  return (performance.now() - started) / iterations / QUERIES.length;
}

/** Unloaded latency: requests one at a time, alternating sides. */
async function sequentialLatency(platform: BenchServer, bare: BenchServer): Promise<Map<string, { platform: number; bare: number; platformP95: number; bareP95: number; samples: number }>> {
  const samples = 40;
  const result = new Map<string, { platform: number; bare: number; platformP95: number; bareP95: number; samples: number }>();
  for (const query of QUERIES) {
    const times = { platform: [] as number[], bare: [] as number[] };
    for (let i = 0; i < samples + 1; i++) {
      for (const [side, server] of [['platform', platform], ['bare', bare]] as const) {
        const target = server.targets[query.name]!;
        const started = performance.now();
        await fetchText(server, target.path, target.headers as Record<string, string> | undefined);
        if (i >= 1) times[side].push(performance.now() - started);
      }
    }
    result.set(query.name, { platform: median(times.platform), bare: median(times.bare), platformP95: percentile(times.platform, 95), bareP95: percentile(times.bare, 95), samples });
  }
  return result;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
