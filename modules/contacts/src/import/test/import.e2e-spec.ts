import { createTenantSession, type TestSession } from '@tessera/auth/testing';
import { UNIT_OF_WORK, type JobStatus, type UnitOfWork } from '@tessera/module-sdk';
import { api, auditEntries, runSql, startContactsPlatform, waitFor, type TestPlatform } from '../../test/contacts-test-platform';
import { contactsWithEmail, csvOf, finished, reportOf, runImport, uploadCsv, type ImportBody } from './import-test-helpers';

/** A CSV import from upload to report: mapping suggestions, good and bad rows, the job, the error report. */
describe('contacts CSV import', () => {
  let t: TestPlatform;
  let owner: TestSession;
  const a = () => api(t, owner);

  beforeAll(async () => {
    t = await startContactsPlatform({ JOBS_INLINE: 'true' });
    owner = await createTenantSession(t, { role: 'owner' });
    await a().post('/custom-fields/fields', { target: 'contact', key: 'tier', label: 'Tier', type: 'single_select', options: [{ key: 'gold', label: 'Gold' }, { key: 'silver', label: 'Silver' }] }).expect(201);
    await a().post('/custom-fields/fields', { target: 'contact', key: 'score', label: 'Score', type: 'number', constraints: { min: 0, max: 100 } }).expect(201);
    await a().post('/custom-fields/fields', { target: 'contact', key: 'newsletter', label: 'Newsletter', type: 'boolean' }).expect(201);
  });
  afterAll(() => t?.close());

  const header = ['First name', 'Last name', 'E-mail', 'Phone', 'Company', 'Tags', 'Tier', 'Score', 'Newsletter', 'Note'];
  const mixed = csvOf([
    header,
    ['Ada', 'Lovelace', ' ADA@Example.com ', '+44 20 7183 8750', 'Analytical Engines', 'VIP; Key  Account', 'Gold', '42', 'yes', 'line one\nline two'],
    ['Bad', 'Email', 'not-an-email', '', '', '', '', '', '', ''],
    ['Bad', 'Phone', 'bad.phone@example.com', '12345', '', '', '', '', '', ''],
    ['', '', '', '+44 20 7183 8751', '', 'orphan', '', '', '', 'no name at all'],
    ['Bad', 'Score', 'bad.score@example.com', '', '', '', '', '500', '', ''],
    ['Bad', 'Tier', 'bad.tier@example.com', '', '', '', 'Platinum', '', '', ''],
    ['Grace', 'Hopper', 'grace@example.com', '020 7183 8752', '', '', 'silver', '7.5', 'no', ''],
    ['', '', '', '', '', '', '', '', '', ''],
    ['=HYPERLINK("http://evil.example")', 'Formula', 'formula-at-example.com', '', '', '', '', '', '', ''],
  ]);

  it('answers an upload with the columns, sample rows and a suggested mapping, before anything is imported', async () => {
    const response = await uploadCsv(t, owner, mixed, { query: '?filename=people.csv' }).expect(201);
    const body = response.body as ImportBody & { fileName: string; delimiter: string; mapping: unknown };
    expect(body).toMatchObject({ state: 'uploaded', jobId: null, fileName: 'people.csv', delimiter: ',', columns: header, mapping: null, reportAvailable: false });
    expect(body.counts).toEqual({ total: null, processed: 0, created: 0, updated: 0, skipped: 0, failed: 0 });
    expect(body.samples).toHaveLength(5);
    expect(body.samples![0]).toEqual(['Ada', 'Lovelace', ' ADA@Example.com ', '+44 20 7183 8750', 'Analytical Engines', 'VIP; Key  Account', 'Gold', '42', 'yes', 'line one\nline two']);
    expect(body.suggestedMapping).toEqual({
      'First name': 'firstName',
      'Last name': 'lastName',
      'E-mail': 'emails',
      Phone: 'phones',
      Company: 'company',
      Tags: 'tags',
      Tier: 'customFields.tier',
      Score: 'customFields.score',
      Newsletter: 'customFields.newsletter',
      Note: null,
    });
    // The same view on a later read.
    expect((await a().get(`/contacts/imports/${body.id}`).expect(200)).body).toMatchObject({ id: body.id, samples: body.samples, suggestedMapping: body.suggestedMapping });
  });

  it('imports the good rows with normalised values and reports every bad one with its row, column and reason', async () => {
    const uploaded = (await uploadCsv(t, owner, mixed).expect(201)).body as ImportBody;
    const started = await a().post(`/contacts/imports/${uploaded.id}/start`, { mapping: uploaded.suggestedMapping, options: { defaultCountry: 'GB' } }).expect(202);
    expect(started.body).toMatchObject({ id: uploaded.id, state: 'queued', jobId: expect.any(String) });
    const done = await finished(t, owner, uploaded.id);
    expect(done).toMatchObject({ state: 'completed', error: null, reportAvailable: true });
    expect(done.counts).toEqual({ total: 9, processed: 9, created: 2, updated: 0, skipped: 1, failed: 6 });
    expect(done.progress).toEqual({ percent: 100, rowsDone: 9, rowsTotal: 9 });

    const [ada] = await contactsWithEmail(t, owner, 'ada@example.com');
    expect(ada).toMatchObject({
      firstName: 'Ada',
      lastName: 'Lovelace',
      company: 'Analytical Engines',
      emails: [{ address: 'ada@example.com', label: null }],
      phones: [{ number: '+442071838750', label: null }],
      tags: ['vip', 'key account'],
      customFields: { tier: 'gold', score: 42, newsletter: true },
      ownerId: owner.userId,
      createdBy: owner.userId,
    });
    const [grace] = await contactsWithEmail(t, owner, 'grace@example.com');
    expect(grace).toMatchObject({ phones: [{ number: '+442071838752', label: null }], customFields: { tier: 'silver', score: 7.5, newsletter: false } });
    for (const email of ['bad.phone@example.com', 'bad.score@example.com', 'bad.tier@example.com']) expect(await contactsWithEmail(t, owner, email)).toEqual([]);
    expect((await a().get('/contacts?tag=orphan').expect(200)).body.data).toEqual([]);

    const report = await reportOf(t, owner, uploaded.id);
    expect(report.contentType).toMatch(/^text\/csv/);
    expect(report.raw.startsWith('\uFEFF')).toBe(true);
    expect(report.header).toEqual([...header, 'Import row', 'Import error columns', 'Import error codes', 'Import errors']);
    const byRow = Object.fromEntries(report.rows.map((row) => [row['Import row'], row]));
    expect(Object.keys(byRow)).toEqual(['3', '4', '5', '6', '7', '10']);
    expect(byRow['3']).toMatchObject({ 'First name': 'Bad', 'E-mail': 'not-an-email', 'Import error columns': 'E-mail', 'Import error codes': 'VALIDATION_FAILED' });
    expect(byRow['3']!['Import errors']).toMatch(/^emails\.0\.address: must be an email address/);
    expect(byRow['4']).toMatchObject({ 'Import error columns': 'Phone', 'Import error codes': 'VALIDATION_FAILED' });
    expect(byRow['4']!['Import errors']).toMatch(/^phones\.0\.number: is too short for numbers of GB/);
    expect(byRow['5']).toMatchObject({ 'Import error columns': '', 'Import error codes': 'CONTACT_IDENTITY_MISSING', Note: 'no name at all' });
    expect(byRow['6']).toMatchObject({ 'Import error columns': 'Score', 'Import errors': 'customFields.score: must be at most 100.' });
    expect(byRow['7']).toMatchObject({ 'Import error columns': 'Tier' });
    expect(byRow['7']!['Import errors']).toMatch(/"Platinum" is not an option of this field/);
    // Formula-injection safe: the cell starts with an apostrophe, so a spreadsheet shows it as text.
    expect(byRow['10']!['First name']).toBe(`'=HYPERLINK("http://evil.example")`);

    const job = (await a().get(`/jobs/${done.jobId}`).expect(200)).body;
    expect(job).toMatchObject({ name: 'contacts.import-csv', state: 'completed', progress: { percent: 100, message: '9 of 9 rows' } });
    expect(job.result).toMatchObject({ importId: uploaded.id, total: 9, created: 2, failed: 6, skipped: 1 });

    const [audit] = await auditEntries(t, owner, 'contacts.imported');
    expect(audit).toMatchObject({ target: { type: 'contact-import', id: uploaded.id }, metadata: { total: 9, created: 2, updated: 0, skipped: 1, failed: 6, duplicates: 'skip' } });
  });

  it('reads ;-separated files (detected) and files with a BOM, and imports a corrected error report as it is', async () => {
    const semicolons = '\uFEFFPrénom;Nom;Courriel\r\nMarie;Curie;marie@example.com\r\n';
    const uploaded = (await uploadCsv(t, owner, semicolons).expect(201)).body as ImportBody & { delimiter: string };
    expect(uploaded).toMatchObject({ delimiter: ';', columns: ['Prénom', 'Nom', 'Courriel'], suggestedMapping: { Prénom: 'firstName', Nom: 'lastName', Courriel: null } });
    await a().post(`/contacts/imports/${uploaded.id}/start`, { mapping: { Prénom: 'firstName', Nom: 'lastName', Courriel: 'emails' } }).expect(202);
    expect((await finished(t, owner, uploaded.id)).counts).toMatchObject({ created: 1, failed: 0 });
    expect(await contactsWithEmail(t, owner, 'marie@example.com')).toHaveLength(1);

    // A report with its apostrophe-escaped cells goes back in: the apostrophe before a formula sign is dropped.
    const first = await runImport(t, owner, csvOf([['Name', 'Phone'], ['Report Person', '12']]), { Name: 'firstName', Phone: 'phones' });
    expect(first.counts.failed).toBe(1);
    const report = await reportOf(t, owner, first.id);
    const fixed = report.raw.replace('"12"', "'+44 20 7183 8799").replace(',12,', ",'+44 20 7183 8799,");
    const again = await runImport(t, owner, fixed, { Name: 'firstName', Phone: 'phones', 'Import row': null, 'Import error columns': null, 'Import error codes': null, 'Import errors': null });
    expect(again.counts).toMatchObject({ created: 1, failed: 0 });
    expect((await a().get(`/contacts?phone=${encodeURIComponent('+442071838799')}`).expect(200)).body.data).toHaveLength(1);
  });

  it('lists imports newest first with a cursor', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(((await uploadCsv(t, owner, csvOf([['Email'], [`list${i}@example.com`]])).expect(201)).body as ImportBody).id);
    const first = (await a().get('/contacts/imports?limit=2').expect(200)).body;
    expect(first.data.map((i: ImportBody) => i.id)).toEqual([ids[2], ids[1]]);
    expect(first.data[0]).not.toHaveProperty('samples');
    const second = (await a().get(`/contacts/imports?limit=2&cursor=${first.nextCursor}`).expect(200)).body;
    expect(second.data[0].id).toBe(ids[0]);
    await a().get('/contacts/imports?cursor=nope').expect(400);
  });

  it('purges imports past CONTACTS_IMPORT_RETENTION_DAYS with their files and row records, and keeps their contacts', async () => {
    const old = await runImport(t, owner, csvOf([['Email', 'Name'], ['purged-import@example.com', 'Kept'], ['bad', '']]), { Email: 'emails', Name: 'firstName' });
    const recent = (await uploadCsv(t, owner, csvOf([['Email'], ['recent@example.com']])).expect(201)).body as ImportBody;
    const [files] = await runSql<{ file_id: string; report_file_id: string }>(t, 'SELECT file_id, report_file_id FROM contact_imports WHERE id = $1', [old.id], owner.tenantId!);
    await runSql(t, `UPDATE contact_imports SET finished_at = now() - interval '31 days' WHERE id = $1`, [old.id], owner.tenantId!);

    const work = t.platform.app.get<UnitOfWork>(UNIT_OF_WORK);
    const queue = t.platform.jobs.queueFor('contacts');
    const { id } = await work.withTenant(owner.tenantId!, () => queue.enqueue('contacts.purge-imports', {}));
    const status = await waitFor(async () => {
      const job: JobStatus = await work.withTenant(owner.tenantId!, () => queue.status(id));
      return ['completed', 'failed', 'dead-lettered'].includes(job.state) ? job : undefined;
    }, 'the purge');
    expect(status).toMatchObject({ state: 'completed', result: { purged: 1 } });
    await a().get(`/contacts/imports/${old.id}`).expect(404);
    await a().get(`/contacts/imports/${recent.id}`).expect(200);
    expect(await runSql(t, 'SELECT 1 FROM contact_import_rows WHERE import_id = $1', [old.id], owner.tenantId!)).toEqual([]);
    expect(await runSql(t, 'SELECT id FROM files WHERE id = ANY($1::uuid[])', [[files!.file_id, files!.report_file_id]], owner.tenantId!)).toEqual([]);
    expect(await contactsWithEmail(t, owner, 'purged-import@example.com')).toHaveLength(1);
  });
});
