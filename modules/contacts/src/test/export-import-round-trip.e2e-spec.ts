import { createTenantSession, type TestSession } from '@tessera/auth/testing';
import { csvOf, reportOf, uploadCsv, finished, type ImportBody } from '../import/test/import-test-helpers';
import { api, startContactsPlatform, type TestPlatform } from './contacts-test-platform';
import { exportClient, parseCsv } from './export-test-client';

interface ContactBody {
  id: string;
  displayName: string;
  prefix: string | null;
  firstName: string | null;
  middleName: string | null;
  lastName: string | null;
  suffix: string | null;
  company: string | null;
  jobTitle: string | null;
  emails: Array<{ address: string; label: string | null }>;
  phones: Array<{ number: string; label: string | null }>;
  tags: string[];
  customFields: Record<string, unknown>;
}

/**
 * An exported file imports as it is: contacts with every standard field and custom fields of several types are
 * exported, downloaded, and imported into another tenant with the suggested mapping; the copies hold the same
 * values. Formula-escaped cells (E.164 phones, negative numbers, text starting with `=`), select values written
 * as labels and lists joined by "; " all come back.
 */
describe('contacts: export → import round trip', () => {
  let t: TestPlatform;
  let source: TestSession;
  let target: TestSession;
  const FIELDS = [
    { key: 'tier', label: 'Tier', type: 'single_select', options: [{ key: 'gold', label: 'Gold tier' }, { key: 'silver', label: 'Silver tier' }] },
    { key: 'regions', label: 'Regions', type: 'multi_select', options: [{ key: 'emea', label: 'Europe, Middle East' }, { key: 'us', label: 'Americas' }, { key: 'apac', label: 'APAC' }] },
    { key: 'score', label: 'Score', type: 'number' },
    { key: 'since', label: 'Customer since', type: 'date' },
    { key: 'active', label: 'Active', type: 'boolean' },
    { key: 'budget', label: 'Budget', type: 'currency' },
    { key: 'handle', label: 'Handle', type: 'text' },
  ];
  const define = (session: TestSession, fields: readonly object[]) => Promise.all(fields.map((body) => api(t, session).post('/custom-fields/fields', { target: 'contact', ...body }).expect(201)));
  const people = [
    {
      prefix: 'Dr',
      firstName: 'Ada',
      middleName: 'King',
      lastName: 'Lovelace',
      suffix: 'PhD',
      company: '=Analytical Engines',
      jobTitle: 'Countess of Lovelace',
      emails: [{ address: 'ada@example.com', label: 'work' }, { address: 'ada@home.example' }],
      phones: [{ number: '+44 20 7183 8750' }, { number: '+33 1 42 68 53 00' }],
      tags: ['-first', 'vip', 'acme, inc'],
      customFields: { tier: 'gold', regions: ['emea', 'us'], score: -12.5, since: '2024-03-31', active: true, budget: { amount: '1200.50', currency: 'EUR' }, handle: '@ada' },
    },
    { company: 'Navy', customFields: { tier: 'silver', regions: ['apac'], score: 0, active: false } },
    { emails: [{ address: 'only.email@example.com' }] },
  ];

  beforeAll(async () => {
    t = await startContactsPlatform({ JOBS_INLINE: 'true' });
    source = await createTenantSession(t, { role: 'owner' });
    target = await createTenantSession(t, { role: 'owner' });
    await define(source, FIELDS);
    await define(target, FIELDS);
    for (const person of people) await api(t, source).post('/contacts', person).expect(201);
  });
  afterAll(() => t?.close());

  /** Exports every contact of the source tenant and downloads the file. */
  async function exported(): Promise<string> {
    const client = exportClient(t, source);
    const started = await client.start();
    expect(await client.finished(started.id)).toMatchObject({ status: 'completed', rowCount: people.length });
    return client.download(started.id);
  }

  async function imported(session: TestSession, csv: string): Promise<ImportBody> {
    const uploaded = (await uploadCsv(t, session, csv).expect(201)).body as ImportBody;
    await api(t, session).post(`/contacts/imports/${uploaded.id}/start`, { mapping: uploaded.suggestedMapping }).expect(202);
    return { ...(await finished(t, session, uploaded.id)), suggestedMapping: uploaded.suggestedMapping };
  }

  const contactsOf = async (session: TestSession): Promise<ContactBody[]> => (await api(t, session).get('/contacts?sort=createdAt&limit=100').expect(200)).body.data;
  /** What an export carries of a contact (email and phone labels are not exported). */
  const carried = (c: ContactBody) => ({
    displayName: c.displayName,
    prefix: c.prefix,
    firstName: c.firstName,
    middleName: c.middleName,
    lastName: c.lastName,
    suffix: c.suffix,
    company: c.company,
    jobTitle: c.jobTitle,
    emails: c.emails.map((email) => email.address),
    phones: c.phones.map((phone) => phone.number),
    tags: c.tags,
    customFields: c.customFields,
  });

  it('imports a downloaded export into another tenant with the suggested mapping, every value the same', async () => {
    const csv = await exported();
    const { header, rows } = parseCsv(csv);
    // The file escapes formulas and writes options by label: what the import has to undo.
    const ada = rows.find((row) => row.firstName === 'Ada')!;
    expect(ada).toMatchObject({ company: "'=Analytical Engines", phones: "'+442071838750; +33142685300", tags: "'-first; vip; acme, inc", 'customFields.score': "'-12.5" });
    expect(ada).toMatchObject({ 'customFields.tier': 'Gold tier', 'customFields.regions': 'Europe, Middle East; Americas', 'customFields.handle': "'@ada" });

    const done = await imported(target, csv);
    expect(done).toMatchObject({ state: 'completed', counts: { total: people.length, created: people.length, failed: 0, skipped: 0 } });
    expect(done.suggestedMapping).toEqual({
      ...Object.fromEntries(header.map((column) => [column, null])),
      ...Object.fromEntries(['prefix', 'firstName', 'middleName', 'lastName', 'suffix', 'company', 'jobTitle', 'emails', 'phones', 'tags'].map((field) => [field, field])),
      ...Object.fromEntries(FIELDS.map((field) => [`customFields.${field.key}`, `customFields.${field.key}`])),
    });
    expect(done.suggestedMapping).toMatchObject({ id: null, displayName: null, ownerId: null, createdAt: null, updatedAt: null });

    const originals = (await contactsOf(source)).map(carried);
    const copies = (await contactsOf(target)).map(carried);
    expect(copies).toHaveLength(people.length);
    for (const original of originals) expect(copies).toContainEqual(original);
    expect(originals[0]).toMatchObject({ company: '=Analytical Engines', phones: ['+442071838750', '+33142685300'], customFields: { score: -12.5, regions: ['emea', 'us'] } });
  });

  it('fails the rows whose option label fits several options of the importing tenant, naming them', async () => {
    const twins = await createTenantSession(t, { role: 'owner' });
    const tier = { ...FIELDS[0]!, options: [{ key: 'gold', label: 'Gold tier' }, { key: 'gold_legacy', label: 'gold tier' }, { key: 'silver', label: 'Silver tier' }] };
    await define(twins, [tier, ...FIELDS.slice(1)]);
    const done = await imported(twins, await exported());
    // The exported "Gold tier" is exactly one option's label there (the other one's differs in case): it imports.
    expect(done.counts).toMatchObject({ created: people.length, failed: 0 });

    const ambiguous = csvOf([['firstName', 'customFields.tier'], ['Twin', 'GOLD TIER'], ['Silver', 'Silver tier']]);
    const again = await imported(twins, ambiguous);
    expect(again.counts).toMatchObject({ created: 1, failed: 1 });
    const [row] = (await reportOf(t, twins, again.id)).rows;
    expect(row).toMatchObject({ firstName: 'Twin', 'Import row': '2', 'Import error columns': 'customFields.tier', 'Import error codes': 'IMPORT_OPTION_AMBIGUOUS' });
    expect(row!['Import errors']).toBe(
      'customFields.tier: "GOLD TIER" matches several options of this field: gold ("Gold tier"), gold_legacy ("gold tier"). Give the key of one of them (or make their labels distinct).',
    );
  });
});
