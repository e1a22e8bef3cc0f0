/**
 * The contacts CSV import against a bare baseline: `npm run bench -- contacts-import`. A real platform (auth,
 * custom-fields, contacts; PostgreSQL, Redis, BullMQ, the job running in the API process) imports 6,000 rows
 * end to end: the HTTP upload into the file store, the start, and the job (scan, checkpointed batches of 500
 * through the API's write path, the error report) until the import is completed. The baseline inserts the same
 * contacts and their identifier rows with node-postgres as the application role, under forced row-level
 * security, in batched multi-row INSERTs of 500 per transaction: the floor of "getting those rows in".
 */
import { Client } from 'pg';
import { authModule } from '@tessera/auth';
import { createTenantSession } from '@tessera/auth/testing';
import { customFieldsModule } from '@tessera/custom-fields';
import { startTestPlatform, type TestPlatform } from '@tessera/module-sdk/testing';
import { contactsModule } from '../modules/contacts/src/index';
import { saveResult, type BenchRow } from './lib/bench-result';
import { interleave, median } from './lib/sampling';
import { withBenchServices } from './lib/services';

const ROWS = 6_000;
const ROUNDS = 3;
const BATCH = 500;

interface Row {
  first: string;
  last: string;
  email: string;
  phone: string;
  company: string;
  tags: string;
  tier: string;
}

/** Every email and phone number unique across rounds (London numbers +44 20 7<round><6 digits>). */
const rowsOf = (side: string, round: number): Row[] =>
  Array.from({ length: ROWS }, (_, i) => ({
    first: `First${i}`,
    last: `Last${i}`,
    email: `${side}${round}.${i}@example.com`,
    phone: `+44 20 7${round % 10}${String(i).padStart(6, '0').slice(0, 2)} ${String(i).padStart(6, '0').slice(2)}`,
    company: `Company ${i % 300}`,
    tags: i % 10 === 0 ? 'vip; eu' : 'eu',
    tier: i % 2 ? 'Gold' : 'Silver',
  }));

const csvOf = (rows: readonly Row[]): string =>
  ['First name,Last name,Email,Phone,Company,Tags,Tier', ...rows.map((r) => [r.first, r.last, r.email, r.phone, r.company, `"${r.tags}"`, r.tier].join(','))].join('\r\n') + '\r\n';

type ScanCounts = Record<string, number>;
const SCANNED_TABLES = ['contacts', 'contact_identifiers', 'contact_import_rows', 'search_documents'];

/**
 * Rows read so far, per table: by sequential scans and fetched through indexes (`pg_stat_user_tables`). Backends
 * report their counters when idle, at most every 10 s: wait that long first so the figures include the last batch.
 */
async function scanCounts(t: TestPlatform): Promise<ScanCounts> {
  await new Promise((resolve) => setTimeout(resolve, 11_000));
  const client = new Client({ connectionString: t.database.migrationUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ relname: string; n: string }>(
      'SELECT relname, coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) AS n FROM pg_stat_user_tables WHERE relname = ANY($1)',
      [SCANNED_TABLES],
    );
    return Object.fromEntries(rows.map((row) => [row.relname, Number(row.n)]));
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  await withBenchServices(async () => {
    const t = await startTestPlatform({
      modules: [authModule, customFieldsModule, contactsModule],
      env: {
        JOBS_INLINE: 'true',
        // A round can outlast the default 5-minute access token on a busy machine.
        AUTH_ACCESS_TOKEN_TTL_SECONDS: '3600',
        AUTH_KEY_ENCRYPTION_SECRET: 'bench-secret-bench-secret-bench-secret-000000',
        AUTH_RATE_LIMIT_PRINCIPAL_PER_MINUTE: '1000000',
        AUTH_RATE_LIMIT_TENANT_PER_MINUTE: '1000000',
      },
    });
    try {
      await run(t);
    } finally {
      await t.close();
    }
  });
}

async function run(t: TestPlatform): Promise<void> {
  const session = await createTenantSession(t, { role: 'owner' });
  const tenantId = session.tenantId!;
  const http = () => t.http();
  await http()
    .post('/api/v1/custom-fields/fields')
    .set(session.headers)
    .send({ target: 'contact', key: 'tier', label: 'Tier', type: 'single_select', options: [{ key: 'gold', label: 'Gold' }, { key: 'silver', label: 'Silver' }] })
    .expect(201);
  const mapping = { 'First name': 'firstName', 'Last name': 'lastName', Email: 'emails', Phone: 'phones', Company: 'company', Tags: 'tags', Tier: 'customFields.tier' };
  let round = 0;
  let platformRounds = 0;
  const phases: Array<{ upload: number; job: number }> = [];
  let scans: ScanCounts | undefined;

  const platform = async (): Promise<number> => {
    const csv = csvOf(rowsOf('platform', round++));
    // The last platform round also counts the rows PostgreSQL read per table: a plan made on the statistics of the
    // tenant before the import (a few rows) shows as reads growing with the table, by a scan or by an index walk.
    const counting = ++platformRounds === ROUNDS;
    const before = counting ? await scanCounts(t) : undefined;
    const started = process.hrtime.bigint();
    const uploaded = await http().post('/api/v1/contacts/imports').set(session.headers).set('content-type', 'text/csv').send(csv).expect(201);
    const afterUpload = process.hrtime.bigint();
    await http().post(`/api/v1/contacts/imports/${uploaded.body.id}/start`).set(session.headers).send({ mapping }).expect(202);
    for (;;) {
      const status = (await http().get(`/api/v1/contacts/imports/${uploaded.body.id}`).set(session.headers).expect(200)).body;
      if (status.state === 'completed') {
        if (status.counts.created !== ROWS) throw new Error(`imported ${status.counts.created} of ${ROWS} rows: ${JSON.stringify(status.counts)}`);
        break;
      }
      if (status.state === 'failed') throw new Error(`the import failed: ${JSON.stringify(status.error)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const done = process.hrtime.bigint();
    phases.push({ upload: Number(afterUpload - started) / 1e9, job: Number(done - afterUpload) / 1e9 });
    if (before) {
      const after = await scanCounts(t);
      scans = Object.fromEntries(Object.entries(after).map(([table, n]) => [table, n - (before[table] ?? 0)]));
    }
    return ROWS / (Number(done - started) / 1e9);
  };

  const bare = async (): Promise<number> => {
    const rows = rowsOf('bare', round++);
    const client = new Client({ connectionString: t.database.appUrl });
    await client.connect();
    const started = process.hrtime.bigint();
    try {
      for (let from = 0; from < rows.length; from += BATCH) {
        const batch = rows.slice(from, from + BATCH).map((r) => ({
          id: crypto.randomUUID(),
          first: r.first,
          last: r.last,
          display: `${r.first} ${r.last}`,
          company: r.company,
          emails: [{ address: r.email, label: null }],
          phones: [{ number: r.phone.replace(/ /g, ''), label: null }],
          tags: r.tags.split('; '),
          custom: { tier: r.tier.toLowerCase() },
        }));
        await client.query('BEGIN');
        await client.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
        await client.query(
          `INSERT INTO contacts (id, tenant_id, first_name, last_name, display_name, company, emails, phones, tags, custom_fields)
           SELECT r.id, $1::uuid, r.first, r.last, r.display, r.company, r.emails, r.phones, r.tags, r.custom
             FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, first text, last text, display text, company text, emails jsonb, phones jsonb, tags jsonb, custom jsonb)`,
          [tenantId, JSON.stringify(batch)],
        );
        await client.query(
          `INSERT INTO contact_identifiers (tenant_id, contact_id, kind, value)
           SELECT $1::uuid, r.id, 'email', r.emails->0->>'address' FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, emails jsonb)
           UNION ALL SELECT $1::uuid, r.id, 'phone', r.phones->0->>'number' FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, phones jsonb)
           UNION ALL SELECT $1::uuid, r.id, 'tag', t.value FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, tags jsonb), jsonb_array_elements_text(r.tags) AS t(value)`,
          [tenantId, JSON.stringify(batch)],
        );
        await client.query('COMMIT');
      }
    } finally {
      await client.end();
    }
    return ROWS / (Number(process.hrtime.bigint() - started) / 1e9);
  };

  const samples = await interleave(ROUNDS, platform, bare);
  const value = median(samples.a);
  const baseline = median(samples.b);
  const upload = median(phases.map((p) => p.upload));
  const job = median(phases.map((p) => p.job));
  const rows: BenchRow[] = [
    {
      metric: `import of ${ROWS} rows, end to end (upload + job), rows/s`,
      value,
      unit: 'rows/s',
      baseline,
      ratio: value / baseline,
      note: 'bare: the same contacts and identifier rows by node-postgres, batched INSERTs of 500 per transaction, as the app role under RLS',
    },
    { metric: 'of which: the upload (HTTP, file store, header and samples)', value: upload, unit: 's' },
    { metric: 'of which: the job (scan, batches, report), per row', value: (job * 1000) / ROWS, unit: 'ms' },
    ...Object.entries(scans ?? {}).map(([table, n]) => ({ metric: `rows of ${table} read during the import (sequential scans and index fetches), per imported row`, value: n / ROWS, unit: 'rows' })),
  ];
  saveResult({
    name: 'contacts-import',
    title: 'Contacts: CSV import throughput against batched INSERTs',
    command: 'npm run bench -- contacts-import',
    rows,
    notes: [
      `${ROWS} rows of 7 columns (names, email, phone, company, two tags, a select custom field), duplicates mode skip (one identifier lookup per batch); the job runs in the API process (JOBS_INLINE), batches of 500. Medians of ${ROUNDS} interleaved rounds; the last platform round also counts the rows PostgreSQL read per table (pg_stat_user_tables, sequential and index fetches).`,
      'The platform checks each row as the API does (DTO, identity rule, libphonenumber, the custom-fields contract) in memory, then writes the new contacts of a batch together: one INSERT of the contacts, one of their identifier rows, one search upsert, the row records and the counters (about a dozen statements per batch, where the row-by-row write path took about six per row: 239 rows/s, 4.2 ms per row in the job, in the run of 2026-12-01; 143 rows/s on the busy machine the day this changed). The bare side writes 500 rows per statement and validates and indexes nothing.',
      'Where the time goes now (CPU profile and per-statement timings of 20,000 rows): about half is search indexing, in the platform search backend — typo keys and tsvector text built in JS, then about 0.3 s of PostgreSQL time per 500 documents maintaining the GIN index of the document column (libs/search measures its upsert alone at ~1,400 documents/s); the same import without the search upsert ran at ~1,400 rows/s. The rest: the contacts INSERT (~75 ms per batch: eight indexes, one of them GIN), identifier rows (~45 ms), libphonenumber (each phone is normalised twice, for the duplicate lookup and for the write), MikroORM inlining the JSON parameters, garbage collection.',
      'Planning on stale statistics: during an import the tenant\'s statistics are those of before it (its tenant_id in no histogram, "one row"). The duplicate lookup was a join PostgreSQL started from the contacts, walking all of them per batch (190 ms a batch at 20,000 contacts) and per holder when there were duplicates (3.7 s a batch); it now looks each value up on its own (LATERAL) and its holders by primary key (6-15 ms). The counters were recounted from every row record per batch (21 records read per imported row at 20,000); they are now incremented in the batch. The rows-read lines pin it: about 4 contact rows per imported row (the foreign-key checks of its identifier rows and row record), nothing growing with the import.',
      'No module subscribes to contacts events here, so no outbox rows are written; with subscribers, each created contact adds one outbox INSERT per subscriber in its batch (DOMAIN_EVENTS has no batch publish) and one delivery job after the commit.',
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
