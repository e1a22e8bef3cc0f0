import { createTenantSession, type TestSession } from '@tessera/auth/testing';
import { csvOf, runImport, uploadCsv } from '../import/test/import-test-helpers';
import { api, auditEntries, problemsOf, runSql, startContactsPlatform, type TestPlatform } from './contacts-test-platform';
import { exportClient, parseCsv } from './export-test-client';

/**
 * Ids and keys in request bodies (and filters), not only in URLs: tenant B names tenant A's contact, user,
 * custom field or email and reaches none of A's rows. The cross-tenant suite (test/security) swaps ids in
 * paths; this one swaps them where a body or a filter carries them.
 */
describe('contacts: ids in bodies cannot reach another tenant', () => {
  let t: TestPlatform;
  let ownerA: TestSession;
  let ownerB: TestSession;
  /** Tenant A's contact, owned by A's owner, with A's custom field set. */
  let contactOfA: { id: string; version: number };
  const A_EMAIL = 'only-in-a@example.com';
  const a = () => api(t, ownerA);
  const b = () => api(t, ownerB);
  const contactOfAAsStored = async () => (await runSql(t, 'SELECT * FROM contacts WHERE id = $1', [contactOfA.id], ownerA.tenantId!))[0];
  let storedBefore: Record<string, unknown> | undefined;

  beforeAll(async () => {
    t = await startContactsPlatform({ JOBS_INLINE: 'true' });
    ownerA = await createTenantSession(t, { role: 'owner' });
    ownerB = await createTenantSession(t, { role: 'owner' });
    expect(ownerB.tenantId).not.toBe(ownerA.tenantId);
    await a().post('/custom-fields/fields', { target: 'contact', key: 'secret', label: 'Secret', type: 'text' }).expect(201);
    contactOfA = (
      await a()
        .post('/contacts', { firstName: 'Alice', lastName: 'OfA', company: 'A Corp', emails: [{ address: A_EMAIL }], customFields: { secret: 'a-only' } })
        .expect(201)
    ).body;
    storedBefore = await contactOfAAsStored();
  });
  afterAll(() => t?.close());

  /** After every test: tenant A's contact is exactly as it was created (no merge, no update, no delete). */
  afterEach(async () => {
    expect(await contactOfAAsStored()).toEqual(storedBefore);
    expect((await a().get(`/contacts/${contactOfA.id}`).expect(200)).body).toMatchObject({ version: 1, deletedAt: null, mergedIntoId: null, ownerId: ownerA.userId });
  });

  describe('merge', () => {
    it("answers 404 for tenant A's contact as the sourceId of tenant B's merge, and changes neither contact", async () => {
      const target = (await b().post('/contacts', { firstName: 'Bob' }).expect(201)).body;
      const refused = await b().post(`/contacts/${target.id}/merge`, { sourceId: contactOfA.id }).expect(404);
      expect(refused.body.error).toMatchObject({ code: 'CONTACT_NOT_FOUND', details: { field: 'sourceId' } });
      // The same with the source's real version, as someone who had seen it would send.
      await b().post(`/contacts/${target.id}/merge`, { sourceId: contactOfA.id, sourceVersion: contactOfA.version }).expect(404);
      expect((await b().get(`/contacts/${target.id}`).expect(200)).body).toMatchObject({ version: 1, lastName: null, emails: [] });
      expect(await auditEntries(t, ownerB, 'contacts.contacts-merged')).toEqual([]);
      expect(await auditEntries(t, ownerA, 'contacts.contacts-merged')).toEqual([]);
    });

    it("answers 404 for tenant A's contact as the target of tenant B's merge, and leaves B's source alive", async () => {
      const source = (await b().post('/contacts', { firstName: 'Bea' }).expect(201)).body;
      expect((await b().post(`/contacts/${contactOfA.id}/merge`, { sourceId: source.id }).expect(404)).body.error.code).toBe('CONTACT_NOT_FOUND');
      expect((await b().get(`/contacts/${source.id}`).expect(200)).body).toMatchObject({ version: 1, deletedAt: null, mergedIntoId: null });
    });
  });

  describe('owner ids', () => {
    it("refuses tenant A's user as the owner of tenant B's contact, on create and on update", async () => {
      expect(problemsOf((await b().post('/contacts', { firstName: 'Owned', ownerId: ownerA.userId }).expect(400)).body).ownerId).toMatch(/member of this tenant/);
      const own = (await b().post('/contacts', { firstName: 'Mine' }).expect(201)).body;
      expect(problemsOf((await b().patch(`/contacts/${own.id}`, { ownerId: ownerA.userId }).expect(400)).body).ownerId).toMatch(/member of this tenant/);
      expect((await b().get(`/contacts/${own.id}`).expect(200)).body).toMatchObject({ version: 1, ownerId: ownerB.userId });
    });

    it("finds none of tenant A's contacts when tenant B filters a list by A's user or A's email", async () => {
      // The same filters find the contact for tenant A: the empty answers are not for want of a match.
      expect((await a().get(`/contacts?ownerId=${ownerA.userId}`).expect(200)).body.data.map((c: { id: string }) => c.id)).toEqual([contactOfA.id]);
      expect((await a().get(`/contacts/search?q=Alice`).expect(200)).body.data.length).toBeGreaterThan(0);
      expect((await b().get(`/contacts?ownerId=${ownerA.userId}`).expect(200)).body.data).toEqual([]);
      expect((await b().get(`/contacts?email=${encodeURIComponent(A_EMAIL)}`).expect(200)).body.data).toEqual([]);
      expect((await b().get(`/contacts/search?q=Alice`).expect(200)).body.data).toEqual([]);
    });
  });

  describe('custom fields', () => {
    it("refuses tenant A's custom field key in tenant B's contact body", async () => {
      const refused = await b().post('/contacts', { firstName: 'Keyed', customFields: { secret: 'b' } }).expect(400);
      expect(problemsOf(refused.body)['customFields.secret']).toMatch(/is not a custom field of contact/);
    });

    it("refuses tenant A's custom field key in tenant B's list filter", async () => {
      const refused = await b().get(`/contacts?customFields=${encodeURIComponent(JSON.stringify({ secret: { eq: 'a-only' } }))}`).expect(400);
      expect(refused.body.error.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('import', () => {
    it("refuses a mapping to tenant A's custom field in tenant B's import", async () => {
      const uploaded = (await uploadCsv(t, ownerB, csvOf([['First', 'Secret'], ['Ann', 'x']])).expect(201)).body;
      const refused = await b().post(`/contacts/imports/${uploaded.id}/start`, { mapping: { First: 'firstName', Secret: 'customFields.secret' } }).expect(400);
      expect(problemsOf(refused.body)).toEqual({ 'mapping.Secret': 'customFields.secret is not a custom field of contact.' });
    });

    it("creates a contact in tenant B for a row with tenant A's email in update mode, and updates nothing of A's", async () => {
      const csv = csvOf([['Email', 'First', 'Company'], [A_EMAIL.toUpperCase(), 'Imported', 'B Corp']]);
      const done = await runImport(t, ownerB, csv, { Email: 'emails', First: 'firstName', Company: 'company' }, { duplicates: 'update' });
      expect(done).toMatchObject({ state: 'completed', counts: { total: 1, created: 1, updated: 0, skipped: 0, failed: 0 } });
      expect((await b().get(`/contacts?email=${encodeURIComponent(A_EMAIL)}`).expect(200)).body.data).toMatchObject([{ firstName: 'Imported', company: 'B Corp' }]);
    });

    it("lists only tenant B's contacts as duplicates of B's contact that shares A's email", async () => {
      const twin = (await b().post('/contacts', { firstName: 'Twin', emails: [{ address: A_EMAIL }] }).expect(201)).body;
      const duplicates = (await b().get(`/contacts/${twin.id}/duplicates`).expect(200)).body.data.map((d: { contact: { id: string } }) => d.contact.id);
      expect(duplicates).not.toContain(contactOfA.id);
      // Exactly B's other contacts with that email (the one the import created, when it ran first).
      const others = (await b().get(`/contacts?email=${encodeURIComponent(A_EMAIL)}`).expect(200)).body.data.map((c: { id: string }) => c.id).filter((id: string) => id !== twin.id);
      expect([...duplicates].sort()).toEqual([...others].sort());
    });
  });

  describe('export', () => {
    it("exports none of tenant A's contacts when tenant B's export filter names A's user or A's email", async () => {
      const exports = exportClient(t, ownerB);
      for (const filter of [{ ownerId: ownerA.userId }, { email: A_EMAIL, company: 'A Corp' }]) {
        const done = await exports.finished((await exports.start({ filter, columns: ['id', 'displayName', 'company'] })).id);
        expect(done).toMatchObject({ status: 'completed', rowCount: 0 });
        expect(parseCsv(await exports.download(done.id)).rows).toEqual([]);
      }
    });

    it("refuses tenant A's custom field as a column or a filter of tenant B's export", async () => {
      const column = await b().post('/contacts/exports', { columns: ['id', 'customFields.secret'] }).expect(400);
      expect(column.body.error.code).toBe('VALIDATION_FAILED');
      const filter = await b().post('/contacts/exports', { filter: { customFields: { secret: { eq: 'a-only' } } } }).expect(400);
      expect(filter.body.error.code).toBe('VALIDATION_FAILED');
    });
  });
});
