/**
 * Search on PostgreSQL: 10,000 documents per tenant in 5 tenants, the search port's queries timed end to
 * end and explained (EXPLAIN ANALYZE) as the application role under forced row-level security, next to the
 * same SQL as a superuser (no RLS: the GIN indexes are usable) and with the optional LEAKPROOF switch of the
 * README: `npm run bench -- search`.
 */
import { Client } from 'pg';
import { EntityManager, type SearchDocument } from '@tessera/module-sdk';
import { withBenchServices } from './lib/services';
import { saveResult, type BenchRow } from './lib/bench-result';
import { median } from './lib/sampling';
import { startContractPlatform } from '../libs/search/src/testing/contract-platform';
import { PEOPLE } from '../libs/search/src/testing/contract-collections';
import { parseQuery } from '../libs/search/src/query/parsed-query';
import { searchSql } from '../libs/search/src/postgres/search-sql';

const TENANTS = 5;
const DOCS_PER_TENANT = 10_000;
const ROUNDS = 9;

// Deterministic data: a small PRNG, name parts from syllables (so typos and prefixes behave like real names).
let seed = 42;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const SYLLABLES = ['an', 'bel', 'car', 'dor', 'el', 'fin', 'gar', 'hal', 'is', 'jon', 'kel', 'lor', 'mar', 'nor', 'ol', 'per', 'quin', 'ros', 'sam', 'tor', 'ul', 'van', 'wil', 'yor', 'zan'];
const word = () => Array.from({ length: 2 + Math.floor(random() * 2) }, () => pick(SYLLABLES)).join('');
const capital = (w: string) => w[0]!.toUpperCase() + w.slice(1);

function document(i: number): SearchDocument {
  const first = capital(word());
  const last = capital(word());
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    fields: {
      name: `${first} ${last}`,
      emails: [`${first}.${last}@${word()}.example`.toLowerCase()],
      phones: [`+44 20 ${String(Math.floor(random() * 1e8)).padStart(8, '0')}`],
      company: `${capital(word())} Ltd`,
      tags: [pick(['vip', 'lead', 'customer', 'partner'])],
    },
  };
}

const QUERIES: ReadonlyArray<readonly [string, string]> = [
  ['exact word', 'Ada Lovelace'],
  ['prefix', 'lov'],
  ['two misspelled words', 'jonh smiht'],
  ['misspelled long word', 'Lovelce'],
  ['email', 'ada.lovelace@analytical.example'],
  ['phone, national format', '020 7183 8750'],
  ['broad prefix (many matches)', 'ma'],
];

async function main(): Promise<void> {
  await withBenchServices(async () => {
    const h = await startContractPlatform();
    const admin = new URL(h.platform.database.adminUrl);
    admin.pathname = `/${h.platform.database.name}`;
    const superuser = new Client({ connectionString: admin.toString() });
    await superuser.connect();
    try {
      const rows: BenchRow[] = [];
      const notes: string[] = [];
      const tenants: string[] = [];
      for (let t = 0; t < TENANTS; t++) tenants.push(await h.createTenant());
      const target = tenants[0]!;

      const started = performance.now();
      for (const tenant of tenants) {
        for (let start = 0; start < DOCS_PER_TENANT; start += 1_000) {
          const batch = Array.from({ length: 1_000 }, (_, i) => document(start + i));
          if (start === 0) {
            // The documents every query looks for, in every tenant.
            batch[0] = { id: batch[0]!.id, fields: { name: 'Ada Lovelace', emails: ['ada.lovelace@analytical.example'], phones: ['+442071838750'], company: 'Analytical Engines' } };
            batch[1] = { id: batch[1]!.id, fields: { name: 'John Smith', company: 'Acme' } };
          }
          await h.withTenant(tenant, () => h.index.upsert(PEOPLE, batch));
        }
      }
      const seconds = (performance.now() - started) / 1000;
      rows.push({ metric: 'upsert throughput (batches of 1,000)', value: Math.round((TENANTS * DOCS_PER_TENANT) / seconds), unit: 'docs/s' });
      const [size] = (await superuser.query("SELECT pg_total_relation_size('search_documents') AS total, pg_relation_size('search_documents') AS heap")).rows as Array<{ total: string; heap: string }>;
      rows.push({ metric: 'table + indexes per document', value: Math.round(Number(size!.total) / (TENANTS * DOCS_PER_TENANT)), unit: 'bytes' });
      await superuser.query('ANALYZE search_documents');

      const em = h.context.get(EntityManager);
      const explainAsApp = (sql: string, params: unknown[]) =>
        h.withTenant(target, async () => (await em.execute<Array<{ 'QUERY PLAN': unknown }>>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params))[0]!['QUERY PLAN']);
      const explainAsSuperuser = async (sql: string, params: unknown[]) => {
        let n = 0;
        const numbered = sql.replace(/\?/g, () => `$${++n}`);
        return (await superuser.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${numbered}`, params)).rows[0]['QUERY PLAN'];
      };
      const summary = (plan: unknown) => {
        const root = (plan as Array<{ Plan: PlanNode; 'Execution Time': number }>)[0]!;
        return { ms: root['Execution Time'], scans: scansOf(root.Plan) };
      };

      for (const leakproof of [false, true]) {
        if (leakproof) {
          await superuser.query('ALTER FUNCTION ts_match_vq(tsvector, tsquery) LEAKPROOF');
          await superuser.query('ALTER FUNCTION textlike(text, text) LEAKPROOF');
        }
        for (const [label, text] of QUERIES) {
          const parsed = parseQuery({ text, limit: 20 });
          const { sql, params } = searchSql(target, PEOPLE, parsed, null);
          const times: number[] = [];
          let hits = 0;
          for (let round = 0; round < ROUNDS; round++) {
            const t0 = performance.now();
            hits = (await h.withTenant(target, () => h.index.search(PEOPLE, { text, limit: 20 }))).hits.length;
            times.push(performance.now() - t0);
          }
          const app = summary(await explainAsApp(sql, params));
          const bare = summary(await explainAsSuperuser(sql, params));
          const mode = leakproof ? 'LEAKPROOF switch' : 'as installed';
          rows.push({
            metric: `${label} "${text}" (${mode})`,
            value: Number(app.ms.toFixed(2)),
            unit: 'ms (EXPLAIN ANALYZE, app role)',
            baseline: Number(bare.ms.toFixed(2)),
            note: `${hits} hits; port call median ${median(times).toFixed(1)} ms; app plan: ${app.scans}; superuser plan: ${bare.scans}`,
          });
        }
      }
      notes.push(
        `${TENANTS} tenants x ${DOCS_PER_TENANT.toLocaleString('en')} documents in one collection; the figures are for one tenant's queries.`,
        'value: the search SQL as the application role in a tenant transaction (forced RLS); baseline: the same SQL as a superuser (RLS bypassed), where PostgreSQL may use the GIN indexes.',
        'LEAKPROOF switch: ALTER FUNCTION ts_match_vq(tsvector, tsquery) LEAKPROOF and textlike(text, text) LEAKPROOF, as a superuser (see libs/search/README.md).',
      );
      saveResult({ name: 'search', title: 'Search (PostgreSQL backend, 10,000 documents per tenant)', command: 'npm run bench -- search', rows, notes });
    } finally {
      await superuser.end();
      await h.close();
    }
  });
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

/** The scan nodes of a plan, e.g. "Index Scan (search_documents_pkey)". */
function scansOf(node: PlanNode): string {
  const found: string[] = [];
  const walk = (n: PlanNode) => {
    if (/Scan/.test(n['Node Type']) && (n['Relation Name'] === 'search_documents' || n['Index Name'])) {
      found.push(`${n['Node Type']}${n['Index Name'] ? ` (${n['Index Name']})` : ''}`);
    }
    for (const child of n.Plans ?? []) walk(child);
  };
  walk(node);
  return [...new Set(found)].join(' + ') || 'none';
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
