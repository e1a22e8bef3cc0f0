import { randomUUID } from 'node:crypto';
import { createTenantSession, type TestSession } from '@tessera/auth/testing';
import { api, auditEntries, problemsOf, runSql, startContactsPlatform, waitFor, type TestPlatform } from './contacts-test-platform';
import { testContactListenerModule } from './listener/test-contact-listener.module';

/** Merging a duplicate into a contact: union, fill, custom values, audit, event, refusals. */
describe('merging contacts', () => {
  let t: TestPlatform;
  let owner: TestSession;
  let admin: TestSession;
  const a = () => api(t, owner);
  const create = async (body: object) => (await a().post('/contacts', body).expect(201)).body as { id: string; version: number };
  const merge = (targetId: string, body: object, ifMatch?: string) => {
    const request = a().post(`/contacts/${targetId}/merge`, body);
    return ifMatch ? request.set('if-match', ifMatch) : request;
  };
  const events = (tenantId: string, name: string) =>
    runSql<{ payload: Record<string, unknown> }>(t, 'SELECT payload FROM test_contact_events WHERE name = $1 ORDER BY received_at', [name], tenantId);

  beforeAll(async () => {
    t = await startContactsPlatform({ JOBS_INLINE: 'true' }, [testContactListenerModule]);
    owner = await createTenantSession(t, { role: 'owner' });
    admin = await createTenantSession(t, { role: 'admin', tenantId: owner.tenantId! });
    const define = (body: object) => a().post('/custom-fields/fields', { target: 'contact', label: 'Field', ...body }).expect(201);
    await define({ key: 'tier', type: 'single_select', options: [{ key: 'gold', label: 'Gold' }, { key: 'silver', label: 'Silver' }] });
    await define({ key: 'code', type: 'text', unique: true });
    await define({ key: 'notes', type: 'long_text' });
    await define({ key: 'salary', type: 'number', readRoles: ['hr'], writeRoles: ['hr'] });
  });
  afterAll(() => t?.close());

  const ADA = {
    firstName: 'Ada',
    company: 'Engines',
    emails: [{ address: 'ada@example.com', label: 'work' }],
    phones: [{ number: '+442071838750' }],
    tags: ['vip'],
    customFields: { tier: 'gold' },
  };
  let codes = 0;
  /** A fresh source each time: its custom field `code` is unique. */
  const augusta = () => ({
    firstName: 'Augusta',
    lastName: 'Lovelace',
    company: 'Other Ltd',
    jobTitle: 'Countess',
    emails: [{ address: 'ADA@example.com', label: 'home' }, { address: 'augusta@example.org' }],
    phones: [{ number: '+14155552671' }],
    tags: ['VIP', 'lead'],
    customFields: { tier: 'silver', code: `AAL-${++codes}`, notes: 'met at the Royal Society', salary: 100 },
  });

  it('keeps the target and its id: lists unioned, empty fields and custom values filled from the source, target wins otherwise', async () => {
    const target = await create(ADA);
    const source = await create(augusta());
    const response = await merge(target.id, { sourceId: source.id }, '"1"').expect(200);
    expect(response.headers.etag).toBe('"2"');
    expect(response.body).toMatchObject({
      id: target.id,
      firstName: 'Ada',
      lastName: 'Lovelace',
      company: 'Engines',
      jobTitle: 'Countess',
      displayName: 'Ada Lovelace',
      emails: [
        { address: 'ada@example.com', label: 'work' },
        { address: 'augusta@example.org', label: null },
      ],
      phones: [
        { number: '+442071838750', label: null },
        { number: '+14155552671', label: null },
      ],
      tags: ['vip', 'lead'],
      customFields: { tier: 'gold', code: expect.stringMatching(/^AAL-/), notes: 'met at the Royal Society', salary: 100 },
      version: 2,
    });
    expect((await a().get(`/contacts/${target.id}`).expect(200)).body).toEqual(response.body);
  });

  it('answers 404 CONTACT_MERGED with details.mergedIntoId for the source, keeps it in the trash, and hands over unique values', async () => {
    const target = await create(ADA);
    const source = await create({ ...augusta(), customFields: { code: 'AAL-X' } });
    await merge(target.id, { sourceId: source.id }).expect(200);
    const gone = await a().get(`/contacts/${source.id}`).expect(404);
    expect(gone.body.error).toMatchObject({ code: 'CONTACT_MERGED', details: { mergedIntoId: target.id } });
    await a().patch(`/contacts/${source.id}`, { firstName: 'X' }).expect(404);
    const trashed = await a().get(`/contacts/${source.id}?includeDeleted=true`).expect(200);
    expect(trashed.body).toMatchObject({ mergedIntoId: target.id, deletedBy: owner.userId, firstName: 'Augusta', customFields: {} });
    expect(trashed.body.deletedAt).toEqual(expect.any(String));
    // The unique value moved to the target: nobody else may take it now.
    expect((await a().post('/contacts', { firstName: 'Copy', customFields: { code: 'AAL-X' } }).expect(409)).body.error.code).toBe('CUSTOM_FIELD_VALUE_TAKEN');
    expect((await a().post(`/contacts/${source.id}/restore`).expect(409)).body.error.code).toBe('CONTACT_MERGED');
    // The duplicates of the target no longer list the merged source.
    expect((await a().get(`/contacts/${target.id}/duplicates`).expect(200)).body.data.map((d: { contact: { id: string } }) => d.contact.id)).not.toContain(source.id);
  });

  it('follows prefer: source takes the source value, target keeps the target value even when empty', async () => {
    const target = await create(ADA);
    const source = await create(augusta());
    const response = await merge(target.id, { sourceId: source.id, prefer: { firstName: 'source', company: 'source', jobTitle: 'target', lastName: 'source' } }).expect(200);
    expect(response.body).toMatchObject({ firstName: 'Augusta', lastName: 'Lovelace', company: 'Other Ltd', jobTitle: null });
    const empty = await create({ firstName: 'Nobody' });
    expect((await merge(target.id, { sourceId: empty.id, prefer: { company: 'source' } }).expect(200)).body.company).toBe('Other Ltd');
  });

  it('is audited with both contacts before and after, and publishes contacts.contact-merged after the commit', async () => {
    const target = await create(ADA);
    const source = await create(augusta());
    await merge(target.id, { sourceId: source.id }).expect(200);
    const entry = (await auditEntries(t, owner, 'contacts.contacts-merged')).find((e) => e.target?.id === target.id)!;
    expect(entry.before).toMatchObject({ target: { id: target.id, lastName: null, version: 1 }, source: { id: source.id, deletedAt: null, version: 1 } });
    expect(entry.after).toMatchObject({ target: { id: target.id, lastName: 'Lovelace', version: 2 }, source: { id: source.id, mergedIntoId: target.id, version: 2 } });
    expect(entry.metadata).toMatchObject({ sourceId: source.id, changed: expect.arrayContaining(['lastName', 'emails', 'customFields.code']) });
    const delivered = await waitFor(async () => {
      const rows = await events(owner.tenantId!, 'contacts.contact-merged');
      return rows.find((row) => row.payload.targetId === target.id);
    }, 'the contact-merged event');
    expect(delivered.payload).toEqual({ targetId: target.id, sourceId: source.id, targetVersion: 2 });
  });

  it('leaves values the merging caller cannot see on the source', async () => {
    const target = await create(ADA);
    const source = await create(augusta());
    await api(t, admin).post(`/contacts/${target.id}/merge`, { sourceId: source.id }).expect(200);
    expect((await a().get(`/contacts/${target.id}`).expect(200)).body.customFields).toEqual({ tier: 'gold', code: expect.stringMatching(/^AAL-/), notes: 'met at the Royal Society' });
    expect((await a().get(`/contacts/${source.id}?includeDeleted=true`).expect(200)).body.customFields).toMatchObject({ salary: 100 });
  });

  it('points contacts merged into the source at the target', async () => {
    const [first, second, third] = [await create({ firstName: 'One' }), await create({ firstName: 'Two' }), await create({ firstName: 'Three' })];
    await merge(second.id, { sourceId: third.id }).expect(200);
    await merge(first.id, { sourceId: second.id }).expect(200);
    expect((await a().get(`/contacts/${third.id}`).expect(404)).body.error.details.mergedIntoId).toBe(first.id);
  });

  it('does not take an owner from the source who is no longer a member', async () => {
    const leaver = await createTenantSession(t, { role: 'member', tenantId: owner.tenantId! });
    const target = await create({ firstName: 'Target', ownerId: null });
    const source = await create({ firstName: 'Source', ownerId: leaver.userId });
    const membership = (await a().get('/auth/members?limit=100').expect(200)).body.data.find((m: { userId: string }) => m.userId === leaver.userId);
    await a().delete(`/auth/members/${membership.id}`).expect(204);
    expect((await merge(target.id, { sourceId: source.id }).expect(200)).body.ownerId).toBeNull();
    const kept = await create({ firstName: 'Kept', ownerId: null });
    const owned = await create({ firstName: 'Owned', ownerId: admin.userId });
    expect((await merge(kept.id, { sourceId: owned.id }).expect(200)).body.ownerId).toBe(admin.userId);
  });

  describe('refusals (nothing changes)', () => {
    const unchanged = async (...ids: string[]) => {
      for (const id of ids) expect((await a().get(`/contacts/${id}`).expect(200)).body.version).toBe(1);
    };

    it('refuses to merge a contact into itself', async () => {
      const c = await create(ADA);
      expect(problemsOf((await merge(c.id, { sourceId: c.id }).expect(400)).body).sourceId).toMatch(/itself/);
      expect(problemsOf((await merge(c.id, { sourceId: c.id.toUpperCase() }).expect(400)).body).sourceId).toMatch(/itself/);
      await unchanged(c.id);
    });

    it('refuses a source in the trash (409 CONTACT_DELETED), an already merged one (409 CONTACT_MERGED) and an unknown one (404)', async () => {
      const target = await create(ADA);
      const trashed = await create({ firstName: 'T' });
      await a().delete(`/contacts/${trashed.id}`).expect(204);
      expect((await merge(target.id, { sourceId: trashed.id }).expect(409)).body.error.code).toBe('CONTACT_DELETED');
      const [x, y] = [await create({ firstName: 'X' }), await create({ firstName: 'Y' })];
      await merge(x.id, { sourceId: y.id }).expect(200);
      expect((await merge(target.id, { sourceId: y.id }).expect(409)).body.error).toMatchObject({ code: 'CONTACT_MERGED', details: { mergedIntoId: x.id } });
      expect((await merge(target.id, { sourceId: randomUUID() }).expect(404)).body.error).toMatchObject({ code: 'CONTACT_NOT_FOUND', details: { field: 'sourceId' } });
      await unchanged(target.id);
    });

    it('refuses a target in the trash or merged (404)', async () => {
      const source = await create(augusta());
      const trashed = await create({ firstName: 'T' });
      await a().delete(`/contacts/${trashed.id}`).expect(204);
      expect((await merge(trashed.id, { sourceId: source.id }).expect(404)).body.error.code).toBe('CONTACT_NOT_FOUND');
      const [x, y] = [await create({ firstName: 'X' }), await create({ firstName: 'Y' })];
      await merge(x.id, { sourceId: y.id }).expect(200);
      expect((await merge(y.id, { sourceId: source.id }).expect(404)).body.error.code).toBe('CONTACT_MERGED');
      await unchanged(source.id);
    });

    it('refuses stale versions of the target (If-Match) and of the source (sourceVersion) with 412', async () => {
      const target = await create(ADA);
      const source = await create(augusta());
      expect((await merge(target.id, { sourceId: source.id }, '"7"').expect(412)).body.error).toMatchObject({ code: 'CONTACT_VERSION_MISMATCH', details: { field: 'If-Match' } });
      expect((await merge(target.id, { sourceId: source.id, sourceVersion: 3 }).expect(412)).body.error).toMatchObject({ code: 'CONTACT_VERSION_MISMATCH', details: { field: 'sourceVersion' } });
      await unchanged(target.id, source.id);
      await merge(target.id, { sourceId: source.id, sourceVersion: 1 }, '"1"').expect(200);
    });

    it('refuses a merge whose union exceeds a list limit (422 CONTACT_MERGE_LIMIT_EXCEEDED)', async () => {
      const emails = (prefix: string) => Array.from({ length: 6 }, (_, i) => ({ address: `${prefix}${i}@example.com` }));
      const target = await create({ firstName: 'T', emails: emails('t') });
      const source = await create({ firstName: 'S', emails: emails('s') });
      const response = await merge(target.id, { sourceId: source.id }).expect(422);
      expect(response.body.error).toMatchObject({ code: 'CONTACT_MERGE_LIMIT_EXCEEDED', details: [{ field: 'emails', count: 12, limit: 10 }] });
      await unchanged(target.id, source.id);
    });

    it('refuses an unknown preference', async () => {
      const target = await create(ADA);
      const source = await create(augusta());
      await merge(target.id, { sourceId: source.id, prefer: { emails: 'source' } }).expect(400);
      await merge(target.id, { sourceId: source.id, prefer: { company: 'both' } }).expect(400);
      await unchanged(target.id, source.id);
    });
  });

  it('publishes created, updated (with the changed fields), deleted and restored events', async () => {
    const c = await create({ firstName: 'Evented' });
    await a().patch(`/contacts/${c.id}`, { lastName: 'Person', customFields: { tier: 'gold' } }).expect(200);
    await a().delete(`/contacts/${c.id}`).expect(204);
    await a().post(`/contacts/${c.id}/restore`).expect(200);
    const of = async (name: string) => (await events(owner.tenantId!, name)).filter((row) => row.payload.contactId === c.id).map((row) => row.payload);
    await waitFor(async () => (await of('contacts.contact-restored')).length === 1, 'the contact-restored event');
    expect(await of('contacts.contact-created')).toEqual([{ contactId: c.id, version: 1 }]);
    expect(await of('contacts.contact-updated')).toEqual([{ contactId: c.id, version: 2, changed: ['lastName', 'customFields.tier'] }]);
    expect(await of('contacts.contact-deleted')).toEqual([{ contactId: c.id, version: 3 }]);
    expect(await of('contacts.contact-restored')).toEqual([{ contactId: c.id, version: 4 }]);
  });

  it('publishes nothing for a refused write', async () => {
    const c = await create({ firstName: 'Quiet' });
    await a().patch(`/contacts/${c.id}`, { firstName: 'Loud' }).set('if-match', '"9"').expect(412);
    await a().patch(`/contacts/${c.id}`, { firstName: 'Later' }).expect(200);
    await waitFor(async () => (await events(owner.tenantId!, 'contacts.contact-updated')).some((row) => row.payload.contactId === c.id), 'the accepted update');
    expect((await events(owner.tenantId!, 'contacts.contact-updated')).filter((row) => row.payload.contactId === c.id)).toHaveLength(1);
  });
});
