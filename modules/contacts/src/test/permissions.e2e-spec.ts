import { createTenantSession, type TestSession } from '@tessera/auth/testing';
import { api, startContactsPlatform, type Caller, type TestPlatform } from './contacts-test-platform';

/** Default roles and API key scopes on every contacts route. */
describe('contacts permissions', () => {
  let t: TestPlatform;
  let owner: TestSession;
  let admin: TestSession;
  let member: TestSession;
  let readOnly: TestSession;
  const as = (caller: Caller) => api(t, caller);
  const newContact = async (body: object = {}) => (await as(owner).post('/contacts', { firstName: 'Ada', ...body }).expect(201)).body.id as string;
  const apiKey = async (permissions: string[]): Promise<Caller> => ({ key: (await as(owner).post('/auth/api-keys', { name: 'sync', permissions }).expect(201)).body.secret });

  beforeAll(async () => {
    t = await startContactsPlatform();
    owner = await createTenantSession(t, { role: 'owner' });
    admin = await createTenantSession(t, { role: 'admin', tenantId: owner.tenantId! });
    member = await createTenantSession(t, { role: 'member', tenantId: owner.tenantId! });
    readOnly = await createTenantSession(t, { role: 'read-only', tenantId: owner.tenantId! });
  });
  afterAll(() => t?.close());

  it('lets the read-only role read, and refuses every write with 403', async () => {
    const id = await newContact({ emails: [{ address: 'ro@example.com' }] });
    await as(readOnly).get('/contacts').expect(200);
    await as(readOnly).get(`/contacts/${id}`).expect(200);
    await as(readOnly).get(`/contacts/${id}/duplicates`).expect(200);
    await as(readOnly).post('/contacts', { firstName: 'X' }).expect(403);
    await as(readOnly).patch(`/contacts/${id}`, { firstName: 'X' }).expect(403);
    await as(readOnly).delete(`/contacts/${id}`).expect(403);
    await as(readOnly).post(`/contacts/${id}/restore`).expect(403);
    await as(readOnly).post(`/contacts/${id}/merge`, { sourceId: await newContact() }).expect(403);
    expect((await as(owner).get(`/contacts/${id}`).expect(200)).body).toMatchObject({ firstName: 'Ada', version: 1 });
  });

  it('keeps the trash from those without contacts.delete', async () => {
    const id = await newContact();
    await as(owner).delete(`/contacts/${id}`).expect(204);
    expect((await as(readOnly).get('/contacts?deleted=only').expect(403)).body.error.code).toBe('CONTACTS_TRASH_FORBIDDEN');
    expect((await as(readOnly).get(`/contacts/${id}?includeDeleted=true`).expect(403)).body.error.code).toBe('CONTACTS_TRASH_FORBIDDEN');
    await as(member).get('/contacts?deleted=only').expect(200);
    await as(member).get(`/contacts/${id}?includeDeleted=true`).expect(200);
  });

  it('lets members create, change, delete and restore, but not merge; admins merge', async () => {
    const id = (await as(member).post('/contacts', { firstName: 'Mem' }).expect(201)).body.id as string;
    await as(member).patch(`/contacts/${id}`, { lastName: 'Ber' }).expect(200);
    await as(member).delete(`/contacts/${id}`).expect(204);
    await as(member).post(`/contacts/${id}/restore`).expect(200);
    const source = await newContact();
    await as(member).post(`/contacts/${id}/merge`, { sourceId: source }).expect(403);
    await as(admin).post(`/contacts/${id}/merge`, { sourceId: source }).expect(200);
  });

  it('holds an API key to its scopes, and gives its contacts no owner', async () => {
    const reader = await apiKey(['contacts.read']);
    await as(reader).get('/contacts').expect(200);
    await as(reader).post('/contacts', { firstName: 'X' }).expect(403);
    const writer = await apiKey(['contacts.read', 'contacts.write']);
    const created = await as(writer).post('/contacts', { firstName: 'Integration' }).expect(201);
    expect(created.body.ownerId).toBeNull();
    expect(created.body.createdBy).toEqual(expect.any(String));
    expect(created.body.createdBy).not.toBe(owner.userId);
    await as(writer).delete(`/contacts/${created.body.id}`).expect(403);
    await as(writer).post(`/contacts/${created.body.id}/merge`, { sourceId: await newContact() }).expect(403);
  });

  it('answers 401 without credentials', async () => {
    const id = await newContact();
    for (const request of [t.http().get('/api/v1/contacts'), t.http().get(`/api/v1/contacts/${id}`), t.http().post('/api/v1/contacts').send({ firstName: 'X' }), t.http().delete(`/api/v1/contacts/${id}`)]) {
      expect((await request).status).toBe(401);
    }
  });
});
