import { createdId, itemsOf, keyOf, listedKeys, TenantIds } from './tenant-ids';

describe('TenantIds (the ids of tenant A the cross-tenant suite calls member routes with)', () => {
  it('seeds a member route from what the collection created or listed', () => {
    const ids = new TenantIds();
    ids.add('/api/v1/auth/members', 'membership-of-a-000001');
    expect(ids.idFor('/api/v1/auth/members/{id}', 'id')).toBe('membership-of-a-000001');
    expect(ids.idFor('/api/v1/contacts/{id}', 'id')).toBeUndefined();
  });

  it('seeds resources made indirectly from a field named after the collection, and parameters from a field of their name', () => {
    const ids = new TenantIds();
    ids.recordFields({ id: 'export-1', jobId: 'job-of-a-0000000001', owner: { userId: 'user-of-a-000000001' } });
    expect(ids.idFor('/api/v1/jobs/{id}', 'id')).toBe('job-of-a-0000000001');
    expect(ids.idFor('/api/v1/contacts/imports/{id}', 'id')).toBeUndefined();
    expect(ids.idFor('/api/v1/tenant/flags/{key}/users/{userId}', 'userId')).toBe('user-of-a-000000001');
    expect(ids.all()).toEqual(['job-of-a-0000000001', 'user-of-a-000000001']);
  });

  it('never counts what tenant B sees too as A\'s (platform-wide names), but offers it for allow-listed parameters', () => {
    const ids = new TenantIds();
    ids.add('/api/v1/tenant/flags', 'contacts.bulk-import');
    ids.markShared('/api/v1/tenant/flags', ['contacts.bulk-import']);
    expect(ids.idFor('/api/v1/tenant/flags/{key}/override', 'key')).toBeUndefined();
    expect(ids.sharedFor('/api/v1/tenant/flags/{key}/override', 'key')).toBe('contacts.bulk-import');
    expect(ids.all()).toEqual([]);
  });

  it('reads list answers and create answers of the usual shapes', () => {
    expect(itemsOf({ data: [{ id: 'a' }, 'x'], nextCursor: null })).toEqual([{ id: 'a' }]);
    expect(itemsOf([{ id: 'b' }])).toEqual([{ id: 'b' }]);
    expect(itemsOf({ total: 1 })).toEqual([]);
    expect(keyOf({ id: 'row', key: 'flag.key' }, 'key')).toBe('flag.key');
    expect(keyOf({ id: 'row' }, 'userId')).toBe('row');
    expect(createdId({ key: { id: 'k1' }, secret: 's' })).toBe('k1');
    expect(createdId({ id: 'c1' })).toBe('c1');
    expect(listedKeys({ data: [{ id: 'row', key: 'flag.key' }, { id: 'other' }, { name: 'no key' }] }, 'key')).toEqual(['flag.key', 'other']);
  });
});
