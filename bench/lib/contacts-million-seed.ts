/**
 * The database of the `contacts-search` bench: a million contacts and their search documents, kept between
 * runs. Seeding takes minutes on a 2-core machine (two GIN indexes over a million tsvectors of ~150 lexemes
 * each), more than the area's share of `npm run bench`, so the seeded database is named after a fingerprint
 * of everything its content depends on (the migrations, the search terms and document code, the contacts'
 * search document, this seed) and reused while the fingerprint matches; a database of another fingerprint is
 * dropped. `BENCH_CONTACTS_SEARCH_RESEED=1` seeds again.
 *
 * Rows are exactly what the platform writes: tenants through the platform's tenant directory (modules seed
 * their defaults), contacts with the columns `ContactWrites` sets, documents built from the backend's own
 * functions (`contacts-million-documents.ts`, checked against `documentRow` before and after the load).
 * Written as a superuser (row-level security does not apply to the seed); the GIN indexes are dropped for
 * the load and created again from their own definitions (`pg_get_indexdef`), the quickest way to build them.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { setImmediate as nextTick } from 'node:timers/promises';
import { Client, escapeIdentifier } from 'pg';
import { builtinModules } from '@tessera/builtin-modules';
import { RequestContext, TENANT_DIRECTORY, type TenantDirectory } from '@tessera/module-sdk';
import { startTestPlatform, testServices, type TestDatabase } from '@tessera/module-sdk/testing';
import { withCredentials, withPgClient } from '@tessera/persistence';
import { dropDatabase, provisionDatabase } from '@tessera/persistence/embedded';
import { PLATFORM_BENCH_ENV } from './bench-server';
import { seedContact, seedTenantSlug, type SeedContact, type SeedLayout } from './contacts-million-data';
import { documentRow } from '../../libs/search/src/postgres/document-row';
import { assertSameRows, DocumentRowComposer, indexedContact } from './contacts-million-documents';

/** Bump when this file changes the rows it writes (the fingerprint covers the other files they depend on). */
const SEED_VERSION = 1;
const NAME_PREFIX = 'tessera_bench_csearch_';
const BATCH = 2_000;
const COMPLETE = 'contacts-search seed complete';
// The roles the tests and benches share (cluster-wide; privileges are per database), as createTestDatabase.
const ROLES = { owner: 'tessera_test_owner', app: 'tessera_test_app' } as const;
const PASSWORD = 'tessera-test';

const ROOT = join(__dirname, '..', '..');
/**
 * What the seeded rows depend on, besides the migrations: a change to any of these files seeds a new
 * database. The composer is left out (it is checked against the backend's builder), and so is this file (its
 * SEED_VERSION says when its rows change), so that editing how the seed runs does not throw away the data.
 */
const FINGERPRINTED = [
  'libs/search/src/text',
  'libs/search/src/postgres',
  'libs/search/src/collections/indexed-document.ts',
  'modules/contacts/src/search',
  'modules/contacts/src/contacts/display-name.ts',
  'bench/lib/contacts-million-data.ts',
];

export interface SeededDatabase {
  readonly database: TestDatabase;
  /** Tenant ids by index. */
  readonly tenantIds: readonly string[];
  /** Seconds the seed took in this run; null when an earlier run's database was reused. */
  readonly seedSeconds: number | null;
  readonly fingerprint: string;
}

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)))
    .filter((file) => file.endsWith('.ts') && !/\.(spec|e2e-spec)\.ts$/.test(file));
}

/** A hash of the migrations, the code the rows are built with, the layout and the seed version. */
export function seedFingerprint(layout: SeedLayout): string {
  const hash = createHash('sha256').update(JSON.stringify({ SEED_VERSION, layout }));
  const migrations = ['libs', 'modules'].flatMap((dir) => filesUnder(join(ROOT, dir)).filter((file) => file.endsWith('.migrations.ts') || file.endsWith('/migrations.ts')));
  for (const file of [...migrations, ...FINGERPRINTED.flatMap((path) => filesUnder(join(ROOT, path)))]) {
    hash.update(relative(ROOT, file)).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 12);
}


/** The seeded database of `layout`: reused when an earlier run left a complete one, otherwise seeded now. */
export async function seededContactsDatabase(layout: SeedLayout, log: (line: string) => void): Promise<SeededDatabase> {
  const { adminUrl } = testServices();
  const fingerprint = seedFingerprint(layout);
  const name = `${NAME_PREFIX}${fingerprint}`;
  const reseed = process.env.BENCH_CONTACTS_SEARCH_RESEED === '1';
  const existing = await withPgClient(adminUrl, async (admin) => {
    const rows = (await admin.query<{ datname: string; comment: string | null }>(
      "SELECT datname, shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname LIKE $1",
      [`${NAME_PREFIX}%`],
    )).rows;
    for (const row of rows) {
      if (row.datname === name && row.comment === COMPLETE && !reseed) continue;
      log(`dropping ${row.datname} (${row.datname === name ? 'incomplete or reseed asked' : 'another fingerprint'})`);
      await dropDatabase(adminUrl, row.datname);
    }
    return rows.some((row) => row.datname === name && row.comment === COMPLETE && !reseed);
  });
  const urls = await provisionDatabase({ adminUrl, database: name, roles: ROLES, passwords: { owner: PASSWORD, app: PASSWORD } });
  const database: TestDatabase = { name, adminUrl, ...urls, drop: () => dropDatabase(adminUrl, name) };
  const superuserUrl = withCredentials(adminUrl, { database: name });
  if (existing) {
    log(`reusing ${name} (seeded by an earlier run)`);
    return { database, tenantIds: await tenantIdsOf(superuserUrl, layout), seedSeconds: null, fingerprint };
  }

  const started = performance.now();
  log(`seeding ${name}: ${layout.tenants} tenants x ${layout.contactsPerTenant.toLocaleString('en')} contacts`);
  await createTenants(database, layout);
  const tenantIds = await tenantIdsOf(superuserUrl, layout);
  await loadRows(superuserUrl, layout, tenantIds, log);
  await withPgClient(adminUrl, (admin) => admin.query(`COMMENT ON DATABASE ${escapeIdentifier(name)} IS '${COMPLETE}'`));
  const seedSeconds = (performance.now() - started) / 1000;
  log(`seeded in ${seedSeconds.toFixed(0)} s`);
  return { database, tenantIds, seedSeconds, fingerprint };
}

/** Migrates the database and creates the tenants through the platform (a host's boot does the same migration). */
async function createTenants(database: TestDatabase, layout: SeedLayout): Promise<void> {
  // The hosts' secret: auth creates its signing keys at first boot, encrypted with it.
  const t = await startTestPlatform({ modules: builtinModules, database, env: { AUTH_KEY_ENCRYPTION_SECRET: PLATFORM_BENCH_ENV.AUTH_KEY_ENCRYPTION_SECRET! } });
  try {
    const tenants = t.platform.app.get<TenantDirectory>(TENANT_DIRECTORY as never, { strict: false });
    await RequestContext.run({ requestId: 'bench-seed', source: 'system' }, async () => {
      for (let i = 0; i < layout.tenants; i++) await tenants.create({ slug: seedTenantSlug(i), name: `Search bench tenant ${i}` });
    });
  } finally {
    await t.close();
  }
}

async function tenantIdsOf(url: string, layout: SeedLayout): Promise<string[]> {
  const slugs = Array.from({ length: layout.tenants }, (_, i) => seedTenantSlug(i));
  const rows = await withPgClient(url, async (client) => (await client.query<{ id: string; slug: string }>('SELECT id, slug FROM tenants WHERE slug = ANY($1)', [slugs])).rows);
  const bySlug = new Map(rows.map((row) => [row.slug, row.id]));
  return slugs.map((slug) => {
    const id = bySlug.get(slug);
    if (!id) throw new Error(`The seeded database has no tenant ${slug}.`);
    return id;
  });
}

const CONTACTS_INSERT = `INSERT INTO contacts (id, tenant_id, first_name, middle_name, last_name, display_name, company, job_title, emails, phones, tags, created_at, updated_at)
  SELECT r.id, r.tenant_id, r.first_name, r.middle_name, r.last_name, r.display_name, r.company, r.job_title, r.emails, r.phones, r.tags, r.created_at, r.created_at
  FROM json_to_recordset($1::json) AS r(id uuid, tenant_id uuid, first_name text, middle_name text, last_name text, display_name text, company text,
       job_title text, emails jsonb, phones jsonb, tags jsonb, created_at timestamptz)`;
// As the backend's write (postgres-search.backend.ts), with the tenant per row.
const DOCUMENTS_INSERT = `INSERT INTO search_documents (tenant_id, collection, id, fields, document, typo_words, digits, updated_at)
  SELECT r.tenant_id, 'contacts', r.id, r.fields, r.document, r.typo_words, r.digits, clock_timestamp()
  FROM json_to_recordset($1::json) AS r(tenant_id uuid, id uuid, fields jsonb, document tsvector, typo_words text[], digits text)`;

function contactRecord(contact: SeedContact, tenantId: string) {
  return {
    id: contact.id,
    tenant_id: tenantId,
    first_name: contact.firstName,
    middle_name: contact.middleName,
    last_name: contact.lastName,
    display_name: contact.displayName,
    company: contact.company,
    job_title: contact.jobTitle,
    emails: contact.emails,
    phones: contact.phones,
    tags: contact.tags,
    created_at: contact.createdAt.toISOString(),
  };
}

async function loadRows(url: string, layout: SeedLayout, tenantIds: readonly string[], log: (line: string) => void): Promise<void> {
  const total = layout.tenants * layout.contactsPerTenant;
  const composer = new DocumentRowComposer();
  const sample = Array.from({ length: 500 }, (_, k) => seedContact(layout, Math.floor((k * total) / 500)));
  assertSameRows(composer, sample);

  const writers = [new Client({ connectionString: url }), new Client({ connectionString: url })];
  await Promise.all(writers.map((client) => client.connect()));
  try {
    const [main] = writers as [Client, Client];
    const gin = (await main.query<{ name: string; definition: string }>(
      "SELECT indexname AS name, indexdef AS definition FROM pg_indexes WHERE tablename = 'search_documents' AND indexdef LIKE '%USING gin%'",
    )).rows;
    for (const index of gin) await main.query(`DROP INDEX ${escapeIdentifier(index.name)}`);

    const started = performance.now();
    // One batch in flight per writer while the next is generated (a writer's socket drains between chunks).
    const inFlight: Array<Promise<unknown> | null> = [null, null];
    for (let start = 0, batch = 0; start < total; start += BATCH, batch++) {
      const contacts: ReturnType<typeof contactRecord>[] = [];
      const documents: unknown[] = [];
      for (let i = start; i < Math.min(start + BATCH, total); i++) {
        const contact = seedContact(layout, i);
        const tenantId = tenantIds[contact.tenant]!;
        contacts.push(contactRecord(contact, tenantId));
        documents.push({ tenant_id: tenantId, ...composer.row(indexedContact(contact)) });
        if (i % 250 === 0) await nextTick();
      }
      const slot = batch % 2;
      await inFlight[slot];
      const writer = writers[slot]!;
      // A contact and its document commit together, as in ContactWrites.
      inFlight[slot] = writer
        .query('BEGIN')
        .then(() => writer.query(CONTACTS_INSERT, [JSON.stringify(contacts)]))
        .then(() => writer.query(DOCUMENTS_INSERT, [JSON.stringify(documents)]))
        .then(() => writer.query('COMMIT'));
      if ((start / BATCH) % 50 === 49) log(`  ${(start + BATCH).toLocaleString('en')} rows, ${Math.round((start + BATCH) / ((performance.now() - started) / 1000))} rows/s`);
    }
    await Promise.all(inFlight);
    log(`  rows loaded in ${((performance.now() - started) / 1000).toFixed(0)} s; building the GIN indexes`);

    const indexed = performance.now();
    await Promise.all(
      gin.map(async (index, k) => {
        const client = writers[k % writers.length]!;
        await client.query("SET maintenance_work_mem = '512MB'");
        await client.query(index.definition);
      }),
    );
    log(`  GIN indexes built in ${((performance.now() - indexed) / 1000).toFixed(0)} s; VACUUM ANALYZE`);
    await Promise.all([main.query('VACUUM ANALYZE contacts'), writers[1]!.query('VACUUM ANALYZE search_documents')]);

    // What the table holds is what the backend would have written (tsvector, typo words, digits, fields).
    const expected = sample.map((contact) => ({ tenant_id: tenantIds[contact.tenant], ...documentRowOf(contact) }));
    const { rows } = await main.query<{ same: string }>(
      `SELECT count(*) AS same FROM search_documents d JOIN json_to_recordset($1::json) AS r(tenant_id uuid, id uuid, fields jsonb, document text, typo_words text[], digits text)
         ON d.tenant_id = r.tenant_id AND d.collection = 'contacts' AND d.id = r.id
       WHERE d.document = r.document::tsvector AND d.typo_words = r.typo_words AND d.digits = r.digits AND d.fields = r.fields`,
      [JSON.stringify(expected)],
    );
    if (Number(rows[0]!.same) !== sample.length) throw new Error(`Only ${rows[0]!.same} of ${sample.length} sampled documents are what the backend writes.`);
  } finally {
    await Promise.all(writers.map((client) => client.end()));
  }
}

/** The backend's own row of a contact (not the composer's): what the stored row is compared with. */
function documentRowOf(contact: SeedContact) {
  return documentRow(indexedContact(contact));
}
