import { createTenantSession, type TestSession } from '@tessera/auth/testing';
import { api, filterQuery, startCustomFieldsPlatform, type Caller, type TestPlatform } from './cf-test-platform';

/**
 * Field read and write roles, enforced by the shared validator and projection (not by a UI), through real
 * sessions of the auth module: built-in roles, a tenant-defined role, and an API key (which holds no roles).
 */
describe('custom field permissions', () => {
  let t: TestPlatform;
  let owner: TestSession;
  let admin: TestSession;
  let member: TestSession;
  let readOnly: TestSession;
  let hr: TestSession;
  let apiKey: { key: string };
  let salaryId: string;
  let ticketId: string;

  const as = (caller: Caller) => api(t, caller);
  const keysOf = (values: Record<string, unknown>) => Object.keys(values).sort();

  beforeAll(async () => {
    t = await startCustomFieldsPlatform();
    owner = await createTenantSession(t, { role: 'owner' });
    const tenantId = owner.tenantId!;
    await as(owner)
      .post('/auth/roles', { key: 'hr', name: 'HR', permissions: ['test-tickets.read', 'test-tickets.write', 'custom-fields.read'] })
      .expect(201);
    [admin, member, readOnly, hr] = await Promise.all(['admin', 'member', 'read-only', 'hr'].map((role) => createTenantSession(t, { role, tenantId })));
    const key = await as(owner).post('/auth/api-keys', { name: 'sync', permissions: ['test-tickets.read', 'test-tickets.write', 'custom-fields.read'] }).expect(201);
    apiKey = { key: key.body.secret };

    salaryId = (await as(owner).post('/custom-fields/fields', { target: 'test-ticket', key: 'salary', label: 'Salary', type: 'number', readRoles: ['hr', 'admin'], writeRoles: ['hr'] }).expect(201)).body.id;
    await as(owner).post('/custom-fields/fields', { target: 'test-ticket', key: 'rating', label: 'Rating', type: 'number', writeRoles: ['admin'] }).expect(201);
    await as(owner).post('/custom-fields/fields', { target: 'test-ticket', key: 'note', label: 'Note', type: 'text' }).expect(201);
    ticketId = (await as(owner).post('/test-tickets', { title: 'employee', customFields: { salary: 5000, rating: 4, note: 'hello' } }).expect(201)).body.id;
  });
  afterAll(() => t?.close());

  describe('the definitions API', () => {
    it('lets owners and admins manage fields, and refuses members', async () => {
      await as(admin).post('/custom-fields/fields', { target: 'test-ticket', key: 'by_admin', label: 'By admin', type: 'boolean' }).expect(201);
      const refused = await as(member).post('/custom-fields/fields', { target: 'test-ticket', key: 'by_member', label: 'By member', type: 'boolean' });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('PERMISSION_DENIED');
    });

    it('shows a restricted field only to roles that may read it', async () => {
      const listed = async (caller: Caller) => ((await as(caller).get('/custom-fields/fields?target=test-ticket').expect(200)).body.data as Array<{ key: string }>).map((f) => f.key);
      expect(await listed(hr)).toContain('salary');
      expect(await listed(admin)).toContain('salary');
      expect(await listed(member)).not.toContain('salary');
      expect(await listed(apiKey)).not.toContain('salary');
      expect(await listed(member)).toContain('rating');
      await as(member).get(`/custom-fields/fields/${salaryId}`).expect(404);
      await as(hr).get(`/custom-fields/fields/${salaryId}`).expect(200);
    });
  });

  describe('reading values', () => {
    it('projects away fields the caller may not read', async () => {
      const read = async (caller: Caller) => keysOf((await as(caller).get(`/test-tickets/${ticketId}`).expect(200)).body.customFields);
      expect(await read(owner)).toEqual(['note', 'rating', 'salary']);
      expect(await read(hr)).toEqual(['note', 'rating', 'salary']);
      expect(await read(admin)).toEqual(['note', 'rating', 'salary']);
      expect(await read(member)).toEqual(['note', 'rating']);
      expect(await read(readOnly)).toEqual(['note', 'rating']);
      expect(await read(apiKey)).toEqual(['note', 'rating']);
    });

    it('refuses filtering and sorting on a field the caller may not read, as if it did not exist', async () => {
      const filtered = await as(member).get('/test-tickets' + filterQuery({ salary: { gt: 1000 } }));
      expect(filtered.status).toBe(400);
      expect(filtered.body.error.details).toEqual([{ field: 'customFields.salary', message: 'is not a custom field of test-ticket you can filter on.' }]);
      expect((await as(member).get('/test-tickets?sort=-customFields.salary')).status).toBe(400);
      const allowed = await as(hr).get('/test-tickets' + filterQuery({ salary: { gt: 1000 } }, { sort: '-customFields.salary' })).expect(200);
      expect(allowed.body.data.map((r: { id: string }) => r.id)).toEqual([ticketId]);
    });
  });

  describe('writing values', () => {
    it('lets a role in writeRoles write the field, and refuses a role that may only read it with a 403 naming it', async () => {
      await as(hr).patch(`/test-tickets/${ticketId}`, { customFields: { salary: 5100 } }).expect(200);
      const refused = await as(admin).patch(`/test-tickets/${ticketId}`, { customFields: { salary: 9999 } });
      expect(refused.status).toBe(403);
      expect(refused.body.error).toMatchObject({ code: 'CUSTOM_FIELD_WRITE_FORBIDDEN', details: [{ field: 'customFields.salary' }] });
      await as(admin).patch(`/test-tickets/${ticketId}`, { customFields: { rating: 5 } }).expect(200);
    });

    it('answers a write of a field the caller cannot even read like an unknown field (its existence stays hidden)', async () => {
      const refused = await as(member).patch(`/test-tickets/${ticketId}`, { customFields: { salary: 1 } });
      expect(refused.status).toBe(400);
      expect(refused.body.error.details).toEqual([{ field: 'customFields.salary', message: 'is not a custom field of test-ticket.' }]);
    });

    it('keeps values the writer cannot see when they change others', async () => {
      await as(member).patch(`/test-tickets/${ticketId}`, { customFields: { note: 'changed by a member' } }).expect(200);
      expect((await as(owner).get(`/test-tickets/${ticketId}`).expect(200)).body.customFields).toMatchObject({ salary: 5100, note: 'changed by a member' });
    });

    it('refuses a member writing a field restricted to admins, and lets the owner write everything', async () => {
      expect((await as(member).patch(`/test-tickets/${ticketId}`, { customFields: { rating: 1 } })).status).toBe(403);
      await as(owner).patch(`/test-tickets/${ticketId}`, { customFields: { rating: 2, salary: 5200 } }).expect(200);
    });

    it('leaves the target permission to the target: read-only callers cannot write records at all', async () => {
      expect((await as(readOnly).patch(`/test-tickets/${ticketId}`, { customFields: { note: 'x' } })).body.error.code).toBe('PERMISSION_DENIED');
    });
  });

  describe('API keys (no roles)', () => {
    it('write unrestricted fields, and are refused role-restricted ones', async () => {
      const created = await as(apiKey).post('/test-tickets', { title: 'from sync', customFields: { note: 'synced' } });
      expect(created.status).toBe(201);
      expect((await as(apiKey).patch(`/test-tickets/${created.body.id}`, { customFields: { rating: 3 } })).status).toBe(403);
      expect((await as(apiKey).patch(`/test-tickets/${created.body.id}`, { customFields: { salary: 3 } })).status).toBe(400);
    });
  });
});
