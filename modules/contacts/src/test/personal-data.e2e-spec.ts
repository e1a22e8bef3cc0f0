import { createTenantSession, type TestSession } from '@tessera/auth/testing';
import { PERSONAL_DATA, UNIT_OF_WORK, type PersonalDataDirectory, type PersonalDataRecord, type PersonalDataSubject, type UnitOfWork } from '@tessera/module-sdk';
import { api, auditEntries, runSql, startContactsPlatform, type TestPlatform } from './contacts-test-platform';

/** Export and erasure of one data subject (GDPR Art. 15/17/20), through the platform's personal-data directory. */
describe("the contacts module's personal data", () => {
  let t: TestPlatform;
  let owner: TestSession;
  let member: TestSession;
  let other: TestSession;
  let directory: PersonalDataDirectory;
  let work: UnitOfWork;
  const ids: Record<string, string> = {};
  const a = () => api(t, owner);

  const inTenant = <T>(tenantId: string, fn: () => Promise<T>) => work.withTenant(tenantId, fn);
  const exported = async (subject: PersonalDataSubject, tenantId = owner.tenantId!): Promise<readonly PersonalDataRecord[]> =>
    (await inTenant(tenantId, () => directory.export(subject))).find((m) => m.module === 'contacts')!.records;
  const erase = async (subject: PersonalDataSubject, tenantId = owner.tenantId!) =>
    (await inTenant(tenantId, () => directory.erase(subject))).find((m) => m.module === 'contacts')!.result;

  beforeAll(async () => {
    t = await startContactsPlatform();
    owner = await createTenantSession(t, { role: 'owner' });
    member = await createTenantSession(t, { role: 'member', tenantId: owner.tenantId! });
    other = await createTenantSession(t, { role: 'owner' });
    directory = t.platform.app.get(PERSONAL_DATA);
    work = t.platform.app.get(UNIT_OF_WORK);
    const define = (body: object) => a().post('/custom-fields/fields', { target: 'contact', label: 'Field', ...body }).expect(201);
    await define({ key: 'notes', type: 'long_text' });
    const archived = (await define({ key: 'legacy_id', type: 'text' })).body.id;
    await define({ key: 'salary', type: 'number', readRoles: ['hr'], writeRoles: ['hr'] });
    const create = async (name: string, body: object) => (ids[name] = (await a().post('/contacts', body).expect(201)).body.id);
    await create('live', { firstName: 'Ada', lastName: 'Lovelace', emails: [{ address: 'ada@example.com' }], customFields: { notes: 'prefers mornings', legacy_id: 'L-1', salary: 5 } });
    await create('byPhone', { company: 'Engines', phones: [{ number: '+44 20 7183 8750' }] });
    await create('trashed', { firstName: 'A.', emails: [{ address: 'ADA@example.com' }] });
    await create('unrelated', { firstName: 'Grace', emails: [{ address: 'grace@example.com' }], ownerId: member.userId });
    await a().delete(`/contacts/${ids.trashed}`).expect(204);
    // Archived after the value was stored: hidden from reads, still held, so still exported.
    await a().patch(`/custom-fields/fields/${archived}`, { archived: true }).expect(200);
    await api(t, other).post('/contacts', { firstName: 'Ada', emails: [{ address: 'ada@example.com' }] }).expect(201);
  });
  afterAll(() => t?.close());

  it('declares its categories in the record of processing', () => {
    expect(directory.categories().find((c) => c.module === 'contacts')!.categories.map((c) => c.name)).toEqual([
      'contact-details',
      'custom-field-values',
      'ownership',
      'contact-identifiers',
      'contact-imports',
      'contact-exports',
    ]);
  });

  it('exports every contact holding the email or the phone, the trashed one too, with every stored custom value', async () => {
    const records = await exported({ email: 'Ada@Example.com', phone: '+442071838750' });
    expect(records.map((r) => r.id).sort()).toEqual([ids.live, ids.byPhone, ids.trashed].sort());
    expect(records.every((r) => r.type === 'contact')).toBe(true);
    const live = records.find((r) => r.id === ids.live)!;
    expect(live.data).toMatchObject({ firstName: 'Ada', emails: [{ address: 'ada@example.com', label: null }], customFields: { notes: 'prefers mornings', legacy_id: 'L-1', salary: 5 } });
    expect(records.find((r) => r.id === ids.trashed)!.data.deletedAt).toEqual(expect.any(String));
    // The API hides the archived and the role-restricted values; the export does not.
    expect((await api(t, member).get(`/contacts/${ids.live}`).expect(200)).body.customFields).toEqual({ notes: 'prefers mornings' });
  });

  it("exports nothing of another tenant's contacts, and nothing for a stranger", async () => {
    expect(await exported({ email: 'nobody@example.com' })).toEqual([]);
    expect((await exported({ email: 'ada@example.com' }, other.tenantId!)).map((r) => r.id)).not.toContain(ids.live);
  });

  it("exports a member's links to contacts (ids only) as ownership records", async () => {
    const records = await exported({ userId: member.userId });
    expect(records).toEqual([{ type: 'contact-ownership', id: ids.unrelated, data: { contactId: ids.unrelated, owner: true, createdBy: false, deletedBy: false } }]);
  });

  it('erases every matching contact for good, with its identifier rows, and says what it kept', async () => {
    const result = await erase({ email: 'ada@example.com', phone: '+442071838750' });
    expect(result.erased).toBe(3);
    expect(result.retained).toEqual([expect.objectContaining({ type: 'audit-entries' })]);
    for (const id of [ids.live, ids.byPhone, ids.trashed]) {
      await a().get(`/contacts/${id}?includeDeleted=true`).expect(404);
      expect(await runSql(t, 'SELECT 1 FROM contact_identifiers WHERE contact_id = $1', [id], owner.tenantId!)).toEqual([]);
    }
    expect(await runSql(t, 'SELECT id FROM contacts WHERE id = ANY($1::uuid[])', [[ids.live, ids.byPhone, ids.trashed]], owner.tenantId!)).toEqual([]);
    expect(await exported({ email: 'ada@example.com', phone: '+442071838750' })).toEqual([]);
    await a().get(`/contacts/${ids.unrelated}`).expect(200);
    // The other tenant's Ada is theirs to erase.
    expect(await exported({ email: 'ada@example.com' }, other.tenantId!)).toHaveLength(1);
    const [entry] = await auditEntries(t, owner, 'contacts.personal-data-erased');
    expect(entry!.metadata).toMatchObject({ contactsDeleted: 3, identifierRowsDeleted: 3 });
    expect(JSON.stringify(entry)).not.toContain('ada@example.com');
  });

  it("erases a member's id from the contacts they own, created or deleted", async () => {
    const created = (await api(t, member).post('/contacts', { firstName: 'ByMember' }).expect(201)).body.id as string;
    const result = await erase({ userId: member.userId });
    expect(result.erased).toBe(3); // owner of two contacts, creator of one
    expect((await a().get(`/contacts/${ids.unrelated}`).expect(200)).body).toMatchObject({ ownerId: null, version: 2 });
    expect((await a().get(`/contacts/${created}`).expect(200)).body).toMatchObject({ ownerId: null, createdBy: null });
    expect(await exported({ userId: member.userId })).toEqual([]);
  });

  it('erases nothing and reports nothing retained for a stranger', async () => {
    expect(await erase({ email: 'nobody@example.com' })).toEqual({ erased: 0, retained: [] });
  });
});
