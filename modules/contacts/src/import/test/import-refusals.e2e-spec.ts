import { createTenantSession, type TestSession } from '@tessera/auth/testing';
import { api, problemsOf, runSql, startContactsPlatform, type TestPlatform } from '../../test/contacts-test-platform';
import { csvOf, finished, uploadCsv, type ImportBody } from './import-test-helpers';

/** What an import refuses, and to whom: media types, limits, mappings, restarts, permissions, other tenants. */
describe('contacts CSV import: refusals and isolation', () => {
  let t: TestPlatform;
  let owner: TestSession;
  let admin: TestSession;
  let member: TestSession;
  let readOnly: TestSession;
  let other: TestSession;
  const a = () => api(t, owner);
  const simple = csvOf([['First name', 'Email', 'Discount', 'Salary', 'Old'], ['Ada', 'ada@example.com', '5', '100', 'x']]);
  const upload = async (caller: TestSession = owner, body: string = simple) => (await uploadCsv(t, caller, body).expect(201)).body as ImportBody;

  beforeAll(async () => {
    // Small limits, to reach each one.
    t = await startContactsPlatform({
      JOBS_INLINE: 'true',
      CONTACTS_IMPORT_MAX_BYTES: '4096',
      CONTACTS_IMPORT_MAX_COLUMNS: '8',
      CONTACTS_IMPORT_MAX_ROWS: '5',
      CONTACTS_IMPORT_MAX_CELL_LENGTH: '100',
    });
    owner = await createTenantSession(t, { role: 'owner' });
    admin = await createTenantSession(t, { role: 'admin', tenantId: owner.tenantId! });
    member = await createTenantSession(t, { role: 'member', tenantId: owner.tenantId! });
    readOnly = await createTenantSession(t, { role: 'read-only', tenantId: owner.tenantId! });
    other = await createTenantSession(t, { role: 'owner' });
    await a().post('/custom-fields/fields', { target: 'contact', key: 'discount', label: 'Discount', type: 'number', writeRoles: ['admin'] }).expect(201);
    await a().post('/custom-fields/fields', { target: 'contact', key: 'salary', label: 'Salary', type: 'number', readRoles: ['hr'], writeRoles: ['hr'] }).expect(201);
    const old = (await a().post('/custom-fields/fields', { target: 'contact', key: 'old', label: 'Old', type: 'text' }).expect(201)).body;
    await a().patch(`/custom-fields/fields/${old.id}`, { archived: true }).expect(200);
  });
  afterAll(() => t?.close());

  describe('uploads', () => {
    it.each([
      ['application/json', '{"a":1}'],
      ['text/plain', 'a,b\n1,2\n'],
      ['application/octet-stream', 'a,b\n1,2\n'],
    ])('refuses a %s body with 415 UNSUPPORTED_MEDIA_TYPE and stores nothing', async (type, body) => {
      const response = await uploadCsv(t, owner, body, { type }).expect(415);
      expect(response.body.error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', details: { accepted: ['text/csv'] } });
      expect(response.body.error.message).toMatch(/Content-Type: text\/csv/);
    });

    it('refuses a charset other than UTF-8 with 415 UNSUPPORTED_CHARSET, and UTF-16 text with 400 IMPORT_CSV_ENCODING', async () => {
      expect((await uploadCsv(t, owner, 'a\n1\n', { type: 'text/csv; charset=iso-8859-1' }).expect(415)).body.error.code).toBe('UNSUPPORTED_CHARSET');
      await uploadCsv(t, owner, 'Email\nx@example.com\n', { type: 'text/csv; charset=utf-8' }).expect(201);
      const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Email\n', 'utf16le')]);
      expect((await uploadCsv(t, owner, utf16).expect(400)).body.error.code).toBe('IMPORT_CSV_ENCODING');
    });

    it('refuses a file over CONTACTS_IMPORT_MAX_BYTES with 413, announced or streamed, and keeps nothing', async () => {
      const before = await runSql(t, 'SELECT count(*)::int AS n FROM files', [], owner.tenantId!);
      const big = `Email\n${'x@example.com\n'.repeat(400)}`;
      const announced = await uploadCsv(t, owner, big).expect(413);
      expect(announced.body.error).toMatchObject({ code: 'IMPORT_FILE_TOO_LARGE', details: { maxBytes: 4096 } });
      // Without Content-Length (chunked), the limit stops the stream as it passes.
      const request = t.http().post('/api/v1/contacts/imports').set(owner.headers).set('content-type', 'text/csv');
      for (let i = 0; i < 6; i++) request.write(`${'y@example.com\n'.repeat(80)}`);
      const streamed = await request;
      expect(streamed.status).toBe(413);
      expect(streamed.body.error.code).toBe('IMPORT_FILE_TOO_LARGE');
      expect(await runSql(t, 'SELECT count(*)::int AS n FROM files', [], owner.tenantId!)).toEqual(before);
    });

    it('refuses files it cannot read: empty, too many columns, unnamed or twice-named columns, broken quotes', async () => {
      expect((await uploadCsv(t, owner, '').expect(400)).body.error.code).toBe('IMPORT_CSV_EMPTY');
      expect((await uploadCsv(t, owner, 'a,b,c,d,e,f,g,h,i\n').expect(400)).body.error).toMatchObject({ code: 'IMPORT_TOO_MANY_COLUMNS', details: { columns: 9, maxColumns: 8 } });
      const unnamed = (await uploadCsv(t, owner, 'Email,,Name\n').expect(400)).body.error;
      expect(unnamed).toMatchObject({ code: 'IMPORT_CSV_HEADER_INVALID', details: [{ field: 'columns.1' }] });
      expect((await uploadCsv(t, owner, 'Email,Email\n').expect(400)).body.error.message).toMatch(/column 2 has the same name as column 1/);
      const broken = (await uploadCsv(t, owner, 'Email,Name\n"x@example.com,Ada\n').expect(400)).body.error;
      expect(broken).toMatchObject({ code: 'IMPORT_CSV_INVALID' });
      expect(broken.message).toMatch(/never closed/);
      expect(problemsOf((await uploadCsv(t, owner, 'Email\n', { query: '?filename=..%2Fetc%2Fpasswd' }).expect(400)).body)).toEqual({ filename: expect.stringMatching(/path separators/) });
      // Empty header cells after the last named column are tolerated (spreadsheets write them).
      expect((await uploadCsv(t, owner, 'Email,Name,,\nx@example.com,Ada,,\n').expect(201)).body.columns).toEqual(['Email', 'Name']);
    });
  });

  describe('starts', () => {
    it('refuses mappings it cannot use, naming mapping.<column>', async () => {
      const imp = await upload();
      const refused = async (mapping: object) => problemsOf((await a().post(`/contacts/imports/${imp.id}/start`, { mapping }).expect(400)).body);
      expect(await refused({ 'First name': 'nickname' })).toEqual({ 'mapping.First name': expect.stringMatching(/must be one of firstName, .*customFields\.<key>/) });
      expect(await refused({ 'First name': 'firstName', Nope: 'lastName' })).toEqual({ 'mapping.Nope': expect.stringMatching(/is not a column of the file/) });
      expect(await refused({ 'First name': 'firstName', Email: 'firstName' })).toEqual({ 'mapping.Email': expect.stringMatching(/already mapped from the column "First name"/) });
      expect(await refused({ 'First name': 'firstName', Discount: 'customFields.nope' })).toEqual({ 'mapping.Discount': 'customFields.nope is not a custom field of contact.' });
      expect(await refused({ 'First name': 'firstName', Old: 'customFields.old' })).toEqual({ 'mapping.Old': expect.stringMatching(/customFields\.old is archived/) });
      expect(await refused({ Discount: 'customFields.discount' })).toEqual({ mapping: expect.stringMatching(/no column to firstName, lastName, company or emails/) });
      expect((await a().get(`/contacts/imports/${imp.id}`).expect(200)).body).toMatchObject({ state: 'uploaded', jobId: null });
    });

    it('refuses custom fields the caller may not write, and writes those they may with their roles, in the worker', async () => {
      const imp = await upload(member);
      const asMember = problemsOf((await api(t, member).post(`/contacts/imports/${imp.id}/start`, { mapping: { 'First name': 'firstName', Discount: 'customFields.discount' } }).expect(400)).body);
      expect(asMember).toEqual({ 'mapping.Discount': 'your roles may not write the custom field "discount".' });
      const hidden = problemsOf((await api(t, admin).post(`/contacts/imports/${imp.id}/start`, { mapping: { 'First name': 'firstName', Salary: 'customFields.salary' } }).expect(400)).body);
      expect(hidden).toEqual({ 'mapping.Salary': 'customFields.salary is not a custom field of contact.' });
      // An admin may write "discount": the job (which holds no roles of its own) writes it with the admin's roles.
      await api(t, admin).post(`/contacts/imports/${imp.id}/start`, { mapping: { 'First name': 'firstName', Email: 'emails', Discount: 'customFields.discount' } }).expect(202);
      expect((await finished(t, admin, imp.id)).counts).toMatchObject({ created: 1, failed: 0 });
      const [contact] = (await a().get('/contacts?email=ada@example.com').expect(200)).body.data;
      expect(contact).toMatchObject({ firstName: 'Ada', customFields: { discount: 5 }, createdBy: admin.userId });
    });

    it('refuses a required custom field left unmapped', async () => {
      const field = (await a().post('/custom-fields/fields', { target: 'contact', key: 'region', label: 'Region', type: 'text', required: true, default: 'EU' }).expect(201)).body;
      const imp = await upload();
      await a().patch(`/custom-fields/fields/${field.id}`, { default: null }).expect(200);
      try {
        expect(problemsOf((await a().post(`/contacts/imports/${imp.id}/start`, { mapping: { Email: 'emails' } }).expect(400)).body)).toEqual({
          mapping: expect.stringMatching(/required custom field "region"/),
        });
      } finally {
        await a().patch(`/custom-fields/fields/${field.id}`, { archived: true }).expect(200);
      }
    });

    it('answers a second start with the same job, honours Idempotency-Key, and refuses a start with another mapping', async () => {
      const imp = await upload(owner, csvOf([['Email'], ['again@example.com']]));
      const mapping = { Email: 'emails' };
      const first = await a().post(`/contacts/imports/${imp.id}/start`, { mapping }).set('idempotency-key', 'start-1').expect(202);
      const second = await a().post(`/contacts/imports/${imp.id}/start`, { mapping }).expect(202);
      const replayed = await a().post(`/contacts/imports/${imp.id}/start`, { mapping: { Email: null } }).set('idempotency-key', 'start-1').expect(202);
      expect(second.body.jobId).toBe(first.body.jobId);
      expect(replayed.body.jobId).toBe(first.body.jobId);
      const conflict = await a().post(`/contacts/imports/${imp.id}/start`, { mapping, options: { duplicates: 'create' } }).expect(409);
      expect(conflict.body.error).toMatchObject({ code: 'IMPORT_ALREADY_STARTED', details: { jobId: first.body.jobId } });
      expect((await finished(t, owner, imp.id)).counts).toMatchObject({ total: 1, created: 1 });
      expect((await a().get('/contacts?email=again@example.com').expect(200)).body.data).toHaveLength(1);
      await a().post(`/contacts/imports/${imp.id}/start`, { mapping }).set('idempotency-key', 'x'.repeat(201)).expect(400);
    });

    it('fails an import over CONTACTS_IMPORT_MAX_ROWS before importing any row, and fails a row with an over-long cell', async () => {
      const rows = Array.from({ length: 6 }, (_, i) => [`rows${i}@example.com`]);
      const tooMany = await upload(owner, csvOf([['Email'], ...rows]));
      await a().post(`/contacts/imports/${tooMany.id}/start`, { mapping: { Email: 'emails' } }).expect(202);
      const failed = await finished(t, owner, tooMany.id);
      expect(failed).toMatchObject({ state: 'failed', error: { code: 'IMPORT_TOO_MANY_ROWS' }, counts: { created: 0 } });
      expect((await a().get('/contacts?email=rows0@example.com').expect(200)).body.data).toEqual([]);
      expect((await a().get(`/jobs/${failed.jobId}`).expect(200)).body).toMatchObject({ state: 'dead-lettered', error: { code: 'IMPORT_TOO_MANY_ROWS' } });
      await a().get(`/contacts/imports/${tooMany.id}/errors`).expect(409);

      const long = await upload(owner, csvOf([['Email', 'Company'], ['long@example.com', 'x'.repeat(101)], ['short@example.com', 'Acme']]));
      await a().post(`/contacts/imports/${long.id}/start`, { mapping: { Email: 'emails', Company: 'company' } }).expect(202);
      expect((await finished(t, owner, long.id)).counts).toMatchObject({ created: 1, failed: 1 });
    });
  });

  it('imports files whose columns are named like object properties (constructor, __proto__), unmapped or mapped', async () => {
    const imp = await upload(owner, csvOf([['constructor', 'toString', '__proto__', 'Email'], ['x', 'y', 'Proto', 'proto@example.com']]));
    expect(Object.entries(imp.suggestedMapping!)).toEqual([['constructor', null], ['toString', null], ['__proto__', null], ['Email', 'emails']]);
    await a().post(`/contacts/imports/${imp.id}/start`, { mapping: { Email: 'emails' } }).expect(202);
    expect((await finished(t, owner, imp.id)).counts).toMatchObject({ created: 1, failed: 0 });
  });

  describe('access', () => {
    it('takes contacts.import (and contacts.write to upload and start): read-only users and narrow API keys are refused', async () => {
      await uploadCsv(t, readOnly, simple).expect(403);
      await api(t, readOnly).get('/contacts/imports').expect(403);
      const imp = await upload(member);
      await api(t, member).get(`/contacts/imports/${imp.id}`).expect(200);
      await api(t, readOnly).get(`/contacts/imports/${imp.id}`).expect(403);
      const writer = { key: (await a().post('/auth/api-keys', { name: 'no-import', permissions: ['contacts.read', 'contacts.write'] }).expect(201)).body.secret as string };
      await uploadCsv(t, writer, simple).expect(403);
      const importer = { key: (await a().post('/auth/api-keys', { name: 'import-only', permissions: ['contacts.import'] }).expect(201)).body.secret as string };
      await uploadCsv(t, importer, simple).expect(403);
      await api(t, importer).get(`/contacts/imports/${imp.id}`).expect(200);
      expect((await t.http().post('/api/v1/contacts/imports').set('content-type', 'text/csv').send(simple)).status).toBe(401);
    });

    it("keeps each tenant's imports to itself: another tenant can neither read, start, list nor download them", async () => {
      const imp = await upload(owner, csvOf([['Email'], ['isolated@example.com']]));
      const b = api(t, other);
      expect((await b.get(`/contacts/imports/${imp.id}`).expect(404)).body.error.code).toBe('IMPORT_NOT_FOUND');
      await b.post(`/contacts/imports/${imp.id}/start`, { mapping: { Email: 'emails' } }).expect(404);
      await b.get(`/contacts/imports/${imp.id}/errors`).expect(404);
      expect((await b.get('/contacts/imports').expect(200)).body.data.map((i: ImportBody) => i.id)).not.toContain(imp.id);
      expect((await a().get(`/contacts/imports/${imp.id}`).expect(200)).body).toMatchObject({ state: 'uploaded' });
      // Duplicates are looked up in the importing tenant only.
      const theirs = await upload(other, csvOf([['Email'], ['isolated@example.com']]));
      await api(t, other).post(`/contacts/imports/${theirs.id}/start`, { mapping: { Email: 'emails' } }).expect(202);
      await a().post(`/contacts/imports/${imp.id}/start`, { mapping: { Email: 'emails' } }).expect(202);
      expect((await finished(t, other, theirs.id)).counts).toMatchObject({ created: 1, skipped: 0 });
      expect((await finished(t, owner, imp.id)).counts).toMatchObject({ created: 1, skipped: 0 });
    });
  });
});
