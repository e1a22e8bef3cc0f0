import { createPlatformAdminSession, createTenantSession, type TestSession } from '@tessera/auth/testing';
import { PERSONAL_DATA, UNIT_OF_WORK, type PersonalDataDirectory, type UnitOfWork } from '@tessera/module-sdk';
import { api, auditEntries, problemsOf, runSql, startContactsPlatform, type TestPlatform } from './contacts-test-platform';
import { exportClient, parseCsv } from './export-test-client';

/** CSV exports: what is exported, for whom, with which columns; the job, the file, the refusals. */
describe('exporting contacts to CSV', () => {
  let t: TestPlatform;
  let owner: TestSession;
  let admin: TestSession;
  let member: TestSession;
  let other: TestSession;
  const a = () => api(t, owner);
  const create = async (body: object) => (await a().post('/contacts', body).expect(201)).body as { id: string };
  const asOwner = () => exportClient(t, owner);
  const asAdmin = () => exportClient(t, admin);

  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startContactsPlatform({ JOBS_INLINE: 'true' });
    owner = await createTenantSession(t, { role: 'owner' });
    admin = await createTenantSession(t, { role: 'admin', tenantId: owner.tenantId! });
    member = await createTenantSession(t, { role: 'member', tenantId: owner.tenantId! });
    other = await createTenantSession(t, { role: 'owner' });
    const define = (body: object) => a().post('/custom-fields/fields', { target: 'contact', label: 'Field', ...body }).expect(201);
    await define({ key: 'tier', type: 'single_select', options: [{ key: 'gold', label: 'Gold tier' }, { key: 'silver', label: 'Silver tier' }] });
    await define({ key: 'regions', type: 'multi_select', options: [{ key: 'eu', label: 'Europe' }, { key: 'us', label: 'Americas' }] });
    await define({ key: 'score', type: 'number' });
    await define({ key: 'budget', type: 'currency' });
    await define({ key: 'since', type: 'date' });
    await define({ key: 'active', type: 'boolean' });
    await define({ key: 'salary', type: 'number', readRoles: ['hr'], writeRoles: ['hr'] });
    ids.ada = (
      await create({
        prefix: 'Dr',
        firstName: 'Ada',
        lastName: 'Lovelace',
        company: 'Analytical Engines',
        jobTitle: 'Countess',
        emails: [{ address: 'ada@example.com', label: 'work' }, { address: 'ada@home.example' }],
        phones: [{ number: '+44 20 7183 8750' }],
        tags: ['export-me', 'vip'],
        customFields: { tier: 'gold', regions: ['eu', 'us'], score: 42.5, budget: { amount: '1200.50', currency: 'EUR' }, since: '2024-03-31', active: true, salary: 73519864 },
      })
    ).id;
    ids.grace = (await create({ firstName: 'Grace', lastName: 'Hopper', company: 'Navy', tags: ['export-me'], customFields: { tier: 'silver' } })).id;
    ids.alan = (await create({ firstName: 'Alan', lastName: 'Turing', company: 'Bletchley', tags: ['elsewhere'] })).id;
    ids.trashed = (await create({ firstName: 'Charles', lastName: 'Babbage', tags: ['export-me'] })).id;
    await a().delete(`/contacts/${ids.trashed}`).expect(204);
    await api(t, other).post('/contacts', { firstName: 'Other', lastName: 'Tenant', tags: ['export-me'] }).expect(201);
  });
  afterAll(() => t?.close());

  it('exports the contacts a filter selects: every standard column and readable custom field, values for people, audited', async () => {
    const started = await asOwner().start({ filter: { tag: ['export-me'] } });
    expect(started).toMatchObject({ id: expect.any(String), jobId: expect.any(String), status: 'queued', rowCount: null });
    const done = await asOwner().finished(started.id);
    expect(done).toMatchObject({ status: 'completed', rowCount: 2, progress: { percent: 100 }, error: null });

    const text = await asOwner().download(started.id);
    expect(text.startsWith('\ufeff')).toBe(true); // a byte order mark, for spreadsheets
    expect(Buffer.byteLength(text)).toBe(done.fileSize);
    const { header, rows } = parseCsv(text);
    expect(header).toEqual([
      'id', 'displayName', 'prefix', 'firstName', 'middleName', 'lastName', 'suffix', 'company', 'jobTitle', 'emails', 'phones', 'tags', 'ownerId', 'createdAt', 'updatedAt',
      'customFields.tier', 'customFields.regions', 'customFields.score', 'customFields.budget', 'customFields.since', 'customFields.active', 'customFields.salary',
    ]);
    expect(rows.map((row) => row.id)).toEqual([ids.ada, ids.grace]);
    expect(rows[0]).toMatchObject({
      displayName: 'Dr Ada Lovelace',
      emails: 'ada@example.com; ada@home.example',
      phones: "'+442071838750",
      tags: 'export-me; vip',
      ownerId: owner.userId,
      'customFields.tier': 'Gold tier',
      'customFields.regions': 'Europe; Americas',
      'customFields.score': '42.5',
      'customFields.budget': '1200.50 EUR',
      'customFields.since': '2024-03-31',
      'customFields.active': 'true',
      'customFields.salary': '73519864',
      middleName: '',
    });
    expect(rows[0]!.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(rows[1]).toMatchObject({ displayName: 'Grace Hopper', 'customFields.tier': 'Silver tier', 'customFields.active': '', phones: '' });

    const [entry] = await auditEntries(t, owner, 'contacts.exported');
    expect(entry).toMatchObject({ target: { type: 'contact-export', id: started.id }, metadata: { filter: { tag: ['export-me'] }, rowCount: 2, fileSize: done.fileSize } });
    const [downloaded] = await auditEntries(t, owner, 'contacts.export-downloaded');
    expect(downloaded).toMatchObject({ target: { id: started.id } });
  });

  it('honours every list filter: company, custom fields (object or JSON text), dates, email (redacted in the audit log)', async () => {
    const byCompany = await asOwner().start({ filter: { company: 'navy' }, columns: ['id'] });
    const byCustom = await asOwner().start({ filter: { customFields: { tier: { eq: 'gold' } } }, columns: ['id'] });
    const byCustomText = await asOwner().start({ filter: { customFields: '{"tier":{"in":["gold","silver"]}}' }, columns: ['id'] });
    const byEmail = await asOwner().start({ filter: { email: 'ADA@example.com' }, columns: ['id'] });
    const future = await asOwner().start({ filter: { createdAfter: '2999-01-01T00:00:00Z' }, columns: ['id'] });
    const byPhone = await asOwner().start({ filter: { phone: '020 7183 8750', defaultCountry: 'GB' }, columns: ['id'] });
    expect((await a().get(`/contacts/exports/${byPhone.id}`).expect(200)).body.filter).toEqual({ deleted: 'exclude', phone: '+442071838750' });
    const rowsOf = async (id: string) => {
      await asOwner().finished(id);
      return parseCsv(await asOwner().download(id)).rows.map((row) => row.id);
    };
    expect(await rowsOf(byCompany.id)).toEqual([ids.grace]);
    expect(await rowsOf(byCustom.id)).toEqual([ids.ada]);
    expect(await rowsOf(byCustomText.id)).toEqual([ids.ada, ids.grace]);
    expect(await rowsOf(byEmail.id)).toEqual([ids.ada]);
    expect(await rowsOf(future.id)).toEqual([]);
    expect(await rowsOf(byPhone.id)).toEqual([ids.ada]);
    const entries = await auditEntries(t, owner, 'contacts.exported');
    expect(entries.find((entry) => entry.target?.id === byEmail.id)?.metadata.filter).toMatchObject({ email: '[redacted]' });
  });

  it('exports the trash with deleted=only (and the deletedAt column), for callers who may see it', async () => {
    const trash = await asAdmin().start({ filter: { deleted: 'only', tag: ['export-me'] } });
    await asAdmin().finished(trash.id);
    const { header, rows } = parseCsv(await asAdmin().download(trash.id));
    expect(header).toContain('deletedAt');
    expect(rows.map((row) => row.id)).toEqual([ids.trashed]);
    expect(rows[0]!.deletedAt).toMatch(/^\d{4}-/);
  });

  it('exports only the custom fields the requester may read, decided when they asked', async () => {
    const started = await asAdmin().start({ filter: { tag: ['export-me'] } });
    expect(started.columns).not.toContain('customFields.salary');
    expect(started.columns).toContain('customFields.tier');
    await asAdmin().finished(started.id);
    const text = await asAdmin().download(started.id);
    const { header, rows } = parseCsv(text);
    expect(header).not.toContain('customFields.salary');
    expect(rows[0]).toMatchObject({ id: ids.ada, 'customFields.tier': 'Gold tier' });
    expect(text).not.toContain('73519864');

    const refused = await api(t, admin).post('/contacts/exports', { columns: ['displayName', 'customFields.salary'] }).expect(400);
    expect(problemsOf(refused.body)).toEqual({ 'columns.1': expect.stringContaining('custom field you can read') });
    const filtered = await api(t, admin).post('/contacts/exports', { filter: { customFields: { salary: { gt: 1 } } } }).expect(400);
    expect(Object.keys(problemsOf(filtered.body))[0]).toMatch(/^filter\.customFields\.salary/);
  });

  it('chooses and orders columns', async () => {
    const started = await asOwner().start({ filter: { tag: ['vip'] }, columns: ['customFields.tier', 'lastName', 'emails'] });
    await asOwner().finished(started.id);
    expect(parseCsv(await asOwner().download(started.id))).toEqual({ header: ['customFields.tier', 'lastName', 'emails'], rows: [{ 'customFields.tier': 'Gold tier', lastName: 'Lovelace', emails: 'ada@example.com; ada@home.example' }] });
  });

  it('neutralises cells a spreadsheet would run as formulas, and quotes what CSV needs quoted', async () => {
    const evil = await create({ firstName: '=HYPERLINK("https://evil.example","x")', lastName: '@SUM(A1)', company: '+cmd|calc', jobTitle: '-2+3', tags: ['formula', 'a,b'] });
    const started = await asOwner().start({ filter: { tag: ['formula'] }, columns: ['id', 'firstName', 'lastName', 'company', 'jobTitle', 'tags'] });
    await asOwner().finished(started.id);
    const text = await asOwner().download(started.id);
    expect(text).toContain('"\'=HYPERLINK(""https://evil.example"",""x"")"');
    expect(parseCsv(text).rows).toEqual([{ id: evil.id, firstName: '\'=HYPERLINK("https://evil.example","x")', lastName: "'@SUM(A1)", company: "'+cmd|calc", jobTitle: "'-2+3", tags: 'formula; a,b' }]);
  });

  it('answers 409 CONTACT_EXPORT_NOT_READY to a download before the export completed', async () => {
    const ops = await createPlatformAdminSession(t);
    const queue = (action: string) => t.http().post(`/api/v1/platform/queues/contacts.bulk/${action}`).set(ops.headers).expect(200);
    await queue('pause');
    let id: string;
    try {
      id = (await asOwner().start({ columns: ['id'] })).id;
      const early = await a().get(`/contacts/exports/${id}/download`).expect(409);
      expect(early.body.error).toMatchObject({ code: 'CONTACT_EXPORT_NOT_READY', details: { status: 'queued' } });
      expect((await a().get(`/contacts/exports/${id}`).expect(200)).body).toMatchObject({ status: 'queued', progress: null });
    } finally {
      await queue('resume');
    }
    expect(await asOwner().finished(id)).toMatchObject({ status: 'completed' });
    await a().get(`/contacts/exports/${id}/download`).expect(200);
  });

  it("answers 404 for another tenant's export, and 410 once the file expired", async () => {
    const started = await asOwner().start({ columns: ['id'] });
    await asOwner().finished(started.id);
    for (const path of [`/contacts/exports/${started.id}`, `/contacts/exports/${started.id}/download`]) {
      expect((await api(t, other).get(path).expect(404)).body.error.code).toBe('CONTACT_EXPORT_NOT_FOUND');
    }
    await runSql(t, "UPDATE files SET expires_at = now() - interval '1 second' WHERE id = (SELECT file_id FROM contact_exports WHERE id = $1)", [started.id], owner.tenantId!);
    expect((await a().get(`/contacts/exports/${started.id}/download`).expect(410)).body.error.code).toBe('CONTACT_EXPORT_EXPIRED');
  });

  it("shows another user's export only to those who could have made it: nothing in it hidden from them", async () => {
    const everything = await asOwner().start({ filter: { tag: ['export-me'] } }); // with customFields.salary
    const plain = await asOwner().start({ filter: { tag: ['export-me'] }, columns: ['id', 'customFields.tier'] });
    const bySalary = await asOwner().start({ filter: { customFields: { salary: { gt: 1 } } }, columns: ['id'] });
    const trash = await asOwner().start({ filter: { deleted: 'only' }, columns: ['id'] });
    for (const view of [everything, plain, bySalary, trash]) await asOwner().finished(view.id);
    const secondOwner = await createTenantSession(t, { role: 'owner', tenantId: owner.tenantId! });
    for (const view of [everything, plain, bySalary, trash]) await api(t, secondOwner).get(`/contacts/exports/${view.id}/download`).expect(200);

    for (const hidden of [everything, bySalary]) {
      for (const path of [`/contacts/exports/${hidden.id}`, `/contacts/exports/${hidden.id}/download`]) {
        expect((await api(t, admin).get(path).expect(404)).body.error.code).toBe('CONTACT_EXPORT_NOT_FOUND');
      }
    }
    expect((await api(t, admin).get(`/contacts/exports/${plain.id}`).expect(200)).body).toMatchObject({ id: plain.id, status: 'completed' });
    await api(t, admin).get(`/contacts/exports/${trash.id}`).expect(200); // admins hold contacts.delete
  });

  it('answers a repeated request with the same Idempotency-Key with the same export, and refuses the key for another request', async () => {
    const first = await asOwner().start({ filter: { tag: ['vip'] }, columns: ['id'] }, 'export-key-1');
    const again = await a().post('/contacts/exports', { filter: { tag: ['vip'] }, columns: ['id'] }).set('idempotency-key', 'export-key-1').expect(200);
    expect(again.body).toMatchObject({ id: first.id, jobId: first.jobId });
    const other = await a().post('/contacts/exports', { filter: { tag: ['elsewhere'] }, columns: ['id'] }).set('idempotency-key', 'export-key-1').expect(409);
    expect(other.body.error).toMatchObject({ code: 'CONTACT_EXPORT_KEY_REUSED', details: { exportId: first.id } });
    // The key is the requester's: another user's same key starts their own export.
    const theirs = await asAdmin().start({ filter: { tag: ['vip'] }, columns: ['id'] }, 'export-key-1');
    expect(theirs.id).not.toBe(first.id);
    const bad = await a().post('/contacts/exports', {}).set('idempotency-key', 'has spaces').expect(400);
    expect(problemsOf(bad.body)).toHaveProperty('Idempotency-Key');
  });

  it('needs contacts.export (owners and admins), and contacts.delete for the trash', async () => {
    expect((await api(t, member).post('/contacts/exports', {}).expect(403)).body.error.code).toBeDefined();
    const started = await asOwner().start({ columns: ['id'] });
    await api(t, member).get(`/contacts/exports/${started.id}`).expect(403);
    await t.http().post('/api/v1/contacts/exports').send({}).expect(401);
  });

  it.each([
    ['an invalid phone filter', { filter: { phone: '12' } }, 'filter.phone'],
    ['an unknown custom field in the filter', { filter: { customFields: { nope: { eq: 1 } } } }, 'filter.customFields.nope'],
    ['a filter that is not JSON', { filter: { customFields: '{nope' } }, 'filter.customFields'],
    ['an unknown column', { columns: ['displayName', 'nickname'] }, 'columns.1'],
    ['a column twice', { columns: ['id', 'id'] }, 'columns.1'],
    ['no columns', { columns: [] }, 'columns'],
    ['a bad date', { filter: { createdAfter: 'yesterday' } }, 'filter.createdAfter'],
  ])('refuses %s with a 400 naming it', async (_, body, field) => {
    const response = await a().post('/contacts/exports', body).expect(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(problemsOf(response.body)).some((key) => key.startsWith(field))).toBe(true);
  });

  describe('personal data', () => {
    const directory = () => t.platform.app.get<PersonalDataDirectory>(PERSONAL_DATA);
    const work = () => t.platform.app.get<UnitOfWork>(UNIT_OF_WORK);
    const inTenant = <T>(fn: () => Promise<T>) => work().withTenant(owner.tenantId!, fn);

    it("lists a member's exports in their personal-data export, and deletes them when the member is erased", async () => {
      const mine = await asAdmin().start({ columns: ['id'] });
      await asAdmin().finished(mine.id);
      const records = (await inTenant(() => directory().export({ userId: admin.userId }))).find((m) => m.module === 'contacts')!.records;
      expect(records).toContainEqual(expect.objectContaining({ type: 'contact-export', id: mine.id, data: expect.objectContaining({ rowCount: expect.any(Number) }) }));
      await inTenant(() => directory().erase({ userId: admin.userId }));
      expect(await runSql(t, 'SELECT id FROM contact_exports WHERE id = $1', [mine.id], owner.tenantId!)).toEqual([]);
      expect(await runSql(t, "SELECT id FROM files WHERE module = 'contacts' AND id = (SELECT file_id FROM contact_exports WHERE id = $1)", [mine.id], owner.tenantId!)).toEqual([]);
    });

    it("deletes every export file of the tenant when contacts are erased, and blanks a filter naming the subject", async () => {
      await create({ firstName: 'Erin', lastName: 'Erased', emails: [{ address: 'erin@example.com' }], tags: ['erase-export'] });
      const all = await asOwner().start({ filter: { tag: ['erase-export'] } });
      const byEmail = await asOwner().start({ filter: { email: 'erin@example.com' }, columns: ['id'] });
      for (const view of [all, byEmail]) await asOwner().finished(view.id);
      await asOwner().download(all.id);

      await inTenant(() => directory().erase({ email: 'Erin@example.com' }));
      for (const view of [all, byEmail]) expect((await a().get(`/contacts/exports/${view.id}/download`).expect(410)).body.error.code).toBe('CONTACT_EXPORT_EXPIRED');
      expect(await runSql(t, "SELECT id FROM files WHERE module = 'contacts' AND expires_at > now()", [], owner.tenantId!)).toEqual([]);
      expect((await a().get(`/contacts/exports/${byEmail.id}`).expect(200)).body.filter).toMatchObject({ email: '[erased]' });
    });
  });
});
