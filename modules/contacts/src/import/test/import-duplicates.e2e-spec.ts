import { createTenantSession, type TestSession } from '@tessera/auth/testing';
import { api, startContactsPlatform, type TestPlatform } from '../../test/contacts-test-platform';
import { contactsWithEmail, csvOf, reportOf, runImport } from './import-test-helpers';

/** Rows that match a live contact by email, else by phone: skip, update or create. */
describe('contacts CSV import: duplicates', () => {
  let t: TestPlatform;
  let owner: TestSession;
  const a = () => api(t, owner);
  const mapping = { Email: 'emails', Phone: 'phones', First: 'firstName', Company: 'company', Tags: 'tags' };

  beforeAll(async () => {
    t = await startContactsPlatform({ JOBS_INLINE: 'true' });
    owner = await createTenantSession(t, { role: 'owner' });
  });
  afterAll(() => t?.close());

  /** Two existing contacts (one matched by email, one by phone) and a CSV of rows matching them. */
  const scenario = async (mode: string) => {
    const byEmail = (await a().post('/contacts', { firstName: 'Old', emails: [{ address: `${mode}@example.com`, label: 'work' }], tags: ['old'] }).expect(201)).body;
    const byPhone = (await a().post('/contacts', { firstName: 'Phoned', phones: [{ number: `+4420718386${mode.length}0` }] }).expect(201)).body;
    const trashed = (await a().post('/contacts', { firstName: 'Trashed', emails: [{ address: `trashed-${mode}@example.com` }] }).expect(201)).body;
    await a().delete(`/contacts/${trashed.id}`).expect(204);
    const csv = csvOf([
      ['Email', 'Phone', 'First', 'Company', 'Tags'],
      [`${mode.toUpperCase()}@Example.com`, '', '', 'NewCo', 'new'],
      [`other-${mode}@example.com`, `+44 20 7183 86${mode.length}0`, 'Phone Match', '', ''],
      [`trashed-${mode}@example.com`, '', 'Not A Duplicate', '', ''],
    ]);
    const done = await runImport(t, owner, csv, mapping, { duplicates: mode });
    return { byEmail, byPhone, done };
  };

  it('skips rows that duplicate a live contact (by email, else phone) and changes nothing; contacts in the trash do not count', async () => {
    const { byEmail, byPhone, done } = await scenario('skip');
    expect(done.counts).toMatchObject({ total: 3, created: 1, updated: 0, skipped: 2, failed: 0 });
    expect((await a().get(`/contacts/${byEmail.id}`).expect(200)).body).toMatchObject({ version: 1, company: null, tags: ['old'] });
    expect((await a().get(`/contacts/${byPhone.id}`).expect(200)).body).toMatchObject({ version: 1, emails: [] });
    expect(await contactsWithEmail(t, owner, 'other-skip@example.com')).toEqual([]);
    expect(await contactsWithEmail(t, owner, 'trashed-skip@example.com')).toMatchObject([{ firstName: 'Not A Duplicate' }]);
  });

  it('updates the matched contact: non-empty cells overwrite, empty ones keep, emails, phones and tags are added', async () => {
    const { byEmail, byPhone, done } = await scenario('update');
    expect(done.counts).toMatchObject({ total: 3, created: 1, updated: 2, skipped: 0, failed: 0 });
    expect((await a().get(`/contacts/${byEmail.id}`).expect(200)).body).toMatchObject({
      version: 2,
      firstName: 'Old',
      company: 'NewCo',
      emails: [{ address: 'update@example.com', label: 'work' }],
      tags: ['old', 'new'],
    });
    expect((await a().get(`/contacts/${byPhone.id}`).expect(200)).body).toMatchObject({
      version: 2,
      firstName: 'Phone Match',
      emails: [{ address: 'other-update@example.com', label: null }],
      phones: [{ number: '+442071838660', label: null }],
    });
  });

  it('creates a new contact even when one matches, in create mode', async () => {
    const { byEmail, done } = await scenario('create');
    expect(done.counts).toMatchObject({ total: 3, created: 3, updated: 0, skipped: 0 });
    expect(await contactsWithEmail(t, owner, 'create@example.com')).toHaveLength(2);
    expect((await a().get(`/contacts/${byEmail.id}`).expect(200)).body).toMatchObject({ version: 1 });
  });

  it('treats a row repeating an earlier row of the same file as its duplicate', async () => {
    const csv = csvOf([['Email', 'First'], ['twice@example.com', 'One'], ['twice@example.com', 'Two']]);
    const skipped = await runImport(t, owner, csv, { Email: 'emails', First: 'firstName' });
    expect(skipped.counts).toMatchObject({ created: 1, skipped: 1 });
    expect(await contactsWithEmail(t, owner, 'twice@example.com')).toMatchObject([{ firstName: 'One' }]);
  });

  it('updates, in update mode, a contact an earlier row of the same batch created, and creates the rows after it', async () => {
    const csv = csvOf([
      ['Email', 'First', 'Tags'],
      ['again@example.com', 'First row', 'one'],
      ['AGAIN@example.com', '', 'two'],
      ['after@example.com', 'After', ''],
    ]);
    const done = await runImport(t, owner, csv, { Email: 'emails', First: 'firstName', Tags: 'tags' }, { duplicates: 'update' });
    expect(done.counts).toMatchObject({ total: 3, created: 2, updated: 1, failed: 0 });
    expect(await contactsWithEmail(t, owner, 'again@example.com')).toMatchObject([{ firstName: 'First row', tags: ['one', 'two'], version: 2 }]);
    expect(await contactsWithEmail(t, owner, 'after@example.com')).toMatchObject([{ firstName: 'After', version: 1 }]);
  });

  it('holds unique custom fields across the rows of a file and against existing contacts', async () => {
    await a().post('/custom-fields/fields', { target: 'contact', key: 'vat', label: 'VAT', type: 'text', unique: true }).expect(201);
    await a().post('/contacts', { firstName: 'Holder', customFields: { vat: 'GB1' } }).expect(201);
    const csv = csvOf([['First', 'VAT'], ['Taken', 'GB1'], ['Fresh', 'GB2'], ['Again', 'GB2']]);
    const done = await runImport(t, owner, csv, { First: 'firstName', VAT: 'customFields.vat' }, { duplicates: 'create' });
    expect(done.counts).toMatchObject({ created: 1, failed: 2 });
    const report = await reportOf(t, owner, done.id);
    expect(report.rows.map((r) => [r['Import row'], r['Import error codes'], r['Import error columns']])).toEqual([
      ['2', 'CUSTOM_FIELD_VALUE_TAKEN', 'VAT'],
      ['4', 'CUSTOM_FIELD_VALUE_TAKEN', 'VAT'],
    ]);
  });
});
