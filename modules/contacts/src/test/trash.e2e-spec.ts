import { createTenantSession, type TestSession } from '@tessera/auth/testing';
import { UNIT_OF_WORK, type JobStatus, type UnitOfWork } from '@tessera/module-sdk';
import { contactsModule } from '../index';
import { api, auditEntries, runSql, startContactsPlatform, waitFor, type TestPlatform } from './contacts-test-platform';

/** Soft delete, the trash, restore, and the purge job that empties the trash of old contacts. */
describe('the contacts trash', () => {
  let t: TestPlatform;
  let owner: TestSession;
  let other: TestSession;
  const a = () => api(t, owner);
  const create = async (body: object = {}) => (await a().post('/contacts', { firstName: 'Ada', ...body }).expect(201)).body as { id: string; version: number };
  const ids = (response: { body: { data: Array<{ id: string }> } }) => response.body.data.map((c) => c.id);

  beforeAll(async () => {
    // JOBS_INLINE: this API process runs the job processors too (as in development).
    t = await startContactsPlatform({ JOBS_INLINE: 'true' });
    owner = await createTenantSession(t, { role: 'owner' });
    other = await createTenantSession(t, { role: 'owner' });
  });
  afterAll(() => t?.close());

  it('moves a contact to the trash: 404 for reads and writes, visible with includeDeleted and in deleted=only, audited', async () => {
    const contact = await create({ emails: [{ address: 'trash@example.com' }] });
    await a().delete(`/contacts/${contact.id}`).expect(204);

    const read = await a().get(`/contacts/${contact.id}`).expect(404);
    expect(read.body.error).toMatchObject({ code: 'CONTACT_NOT_FOUND', details: { deleted: true } });
    await a().patch(`/contacts/${contact.id}`, { firstName: 'X' }).expect(404);
    await a().delete(`/contacts/${contact.id}`).expect(404);
    await a().get(`/contacts/${contact.id}/duplicates`).expect(404);

    const trashed = await a().get(`/contacts/${contact.id}?includeDeleted=true`).expect(200);
    expect(trashed.body).toMatchObject({ id: contact.id, version: 2, deletedBy: owner.userId });
    expect(Date.parse(trashed.body.deletedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(trashed.headers.etag).toBe('"2"');

    expect(ids(await a().get('/contacts?limit=100').expect(200))).not.toContain(contact.id);
    expect(ids(await a().get('/contacts?deleted=only&limit=100').expect(200))).toContain(contact.id);
    expect(ids(await a().get('/contacts?deleted=only&email=trash@example.com').expect(200))).toEqual([contact.id]);

    const [entry] = await auditEntries(t, owner, 'contacts.contact-deleted');
    expect(entry).toMatchObject({ target: { type: 'contact', id: contact.id }, before: { version: 1, deletedAt: null }, after: { version: 2 } });
  });

  it('honours If-Match on delete', async () => {
    const contact = await create();
    await a().patch(`/contacts/${contact.id}`, { lastName: 'King' }).expect(200);
    expect((await a().delete(`/contacts/${contact.id}`).set('if-match', '"1"').expect(412)).body.error.code).toBe('CONTACT_VERSION_MISMATCH');
    await a().get(`/contacts/${contact.id}`).expect(200);
    await a().delete(`/contacts/${contact.id}`).set('if-match', '"2"').expect(204);
  });

  it('restores a contact from the trash as a new version, audited; restoring a live one is 409 CONTACT_NOT_DELETED', async () => {
    const contact = await create({ customFields: {} });
    await a().delete(`/contacts/${contact.id}`).expect(204);
    expect((await a().post(`/contacts/${contact.id}/restore`).set('if-match', '"1"').expect(412)).body.error.code).toBe('CONTACT_VERSION_MISMATCH');
    const restored = await a().post(`/contacts/${contact.id}/restore`).expect(200);
    expect(restored.body).toMatchObject({ id: contact.id, version: 3, deletedAt: null, deletedBy: null });
    expect(restored.headers.etag).toBe('"3"');
    await a().get(`/contacts/${contact.id}`).expect(200);
    expect((await a().post(`/contacts/${contact.id}/restore`).expect(409)).body.error.code).toBe('CONTACT_NOT_DELETED');
    const [entry] = await auditEntries(t, owner, 'contacts.contact-restored');
    expect(entry).toMatchObject({ target: { id: contact.id }, after: { version: 3, deletedAt: null } });
  });

  it("cannot restore, read or delete another tenant's contact", async () => {
    const contact = await create();
    await a().delete(`/contacts/${contact.id}`).expect(204);
    await api(t, other).post(`/contacts/${contact.id}/restore`).expect(404);
    await api(t, other).get(`/contacts/${contact.id}?includeDeleted=true`).expect(404);
    expect(ids(await api(t, other).get('/contacts?deleted=only').expect(200))).not.toContain(contact.id);
  });

  describe('the purge job', () => {
    const work = () => t.platform.app.get<UnitOfWork>(UNIT_OF_WORK);
    const runPurge = async (tenantId: string): Promise<JobStatus> => {
      const queue = t.platform.jobs.queueFor('contacts');
      const { id } = await work().withTenant(tenantId, () => queue.enqueue('contacts.purge-deleted', {}));
      return waitFor(async () => {
        const status = await work().withTenant(tenantId, () => queue.status(id));
        return ['completed', 'failed', 'dead-lettered'].includes(status.state) ? status : undefined;
      }, 'the purge job');
    };
    const ageTrash = (tenantId: string, id: string, days: number) =>
      runSql(t, `UPDATE contacts SET deleted_at = now() - make_interval(days => $2) WHERE id = $1`, [id, days], tenantId);

    it('is declared as a nightly tenant job', () => {
      expect(contactsModule.jobs?.find((job) => job.name === 'contacts.purge-deleted')?.schedule).toEqual({ cron: '30 3 * * *' });
    });

    it('deletes for good the contacts in the trash longer than CONTACTS_PURGE_AFTER_DAYS, and nothing else', async () => {
      const old = await create({ emails: [{ address: 'old@example.com' }], tags: ['purge-me'] });
      const recent = await create();
      const live = await create();
      for (const c of [old, recent]) await a().delete(`/contacts/${c.id}`).expect(204);
      await ageTrash(owner.tenantId!, old.id, 31);
      await ageTrash(owner.tenantId!, recent.id, 29);
      // Another tenant's old trash is not this tenant's job.
      const theirs = (await api(t, other).post('/contacts', { firstName: 'Theirs' }).expect(201)).body.id as string;
      await api(t, other).delete(`/contacts/${theirs}`).expect(204);
      await ageTrash(other.tenantId!, theirs, 40);

      const status = await runPurge(owner.tenantId!);
      expect(status.state).toBe('completed');
      expect((status.result as { purged: number }).purged).toBeGreaterThanOrEqual(1);

      expect(await runSql(t, 'SELECT id FROM contacts WHERE id = $1', [old.id], owner.tenantId!)).toEqual([]);
      expect(await runSql(t, 'SELECT * FROM contact_identifiers WHERE contact_id = $1', [old.id], owner.tenantId!)).toEqual([]);
      await a().get(`/contacts/${old.id}?includeDeleted=true`).expect(404);
      await a().get(`/contacts/${recent.id}?includeDeleted=true`).expect(200);
      await a().get(`/contacts/${live.id}`).expect(200);
      await api(t, other).get(`/contacts/${theirs}?includeDeleted=true`).expect(200);

      const [entry] = await auditEntries(t, owner, 'contacts.contacts-purged');
      expect(entry!.metadata).toMatchObject({ afterDays: 30 });
      expect(entry!.metadata.ids).toContain(old.id);
      expect(entry!.metadata.ids).not.toContain(recent.id);
    });

    it('purges nothing (and audits nothing) when the trash holds nothing old enough', async () => {
      const fresh = await createTenantSession(t, { role: 'owner' });
      const id = (await api(t, fresh).post('/contacts', { firstName: 'Fresh' }).expect(201)).body.id as string;
      await api(t, fresh).delete(`/contacts/${id}`).expect(204);
      await ageTrash(fresh.tenantId!, id, 29);
      const status = await runPurge(fresh.tenantId!);
      expect(status.result).toMatchObject({ purged: 0 });
      expect(await auditEntries(t, fresh, 'contacts.contacts-purged')).toEqual([]);
      await api(t, fresh).get(`/contacts/${id}?includeDeleted=true`).expect(200);
    });
  });
});
