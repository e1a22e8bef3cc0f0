import { AuditVerifierService } from '@tessera/audit';
import { TenantsService } from '@tessera/kernel';
import { AUDIT_LOG, RequestContext, type AuditLog } from '@tessera/module-sdk';
import { startTestPlatform, type TestPlatform } from '@tessera/module-sdk/testing';
import { TenantScope, withPgClient } from '@tessera/persistence';
import { demoAuthModule, testToken } from '../support/demo-modules';

describe('the audit log', () => {
  let t: TestPlatform;
  let audit: AuditLog;
  let verifier: AuditVerifierService;
  let scope: TenantScope;
  let tenantA: string;
  let tenantB: string;

  /** Runs SQL as the schema owner inside tenant A's chain (RLS is forced on the owner too). */
  const asOwner = (sql: string, params: unknown[] = []) =>
    withPgClient(t.database.migrationUrl, async (client) => {
      await client.query("SELECT set_config('app.tenant_id', $1, false)", [tenantA]);
      return client.query(sql, params);
    });

  const recordAs = (tenantId: string, action: string, after?: unknown) =>
    RequestContext.run({ requestId: `req-${action}`, source: 'system', principal: { kind: 'user', id: 'u-1', tenantId, permissions: new Set() } }, () =>
      scope.run(tenantId, () => audit.record({ action, target: { type: 'contact', id: 'c-1' }, after })),
    );

  beforeAll(async () => {
    t = await startTestPlatform({ modules: [demoAuthModule] });
    audit = t.platform.app.get(AUDIT_LOG);
    verifier = t.platform.app.get(AuditVerifierService);
    scope = t.platform.app.get(TenantScope);
    const tenants = t.platform.app.get(TenantsService);
    tenantA = (await tenants.create({ slug: 'audit-a', name: 'A' })).id;
    tenantB = (await tenants.create({ slug: 'audit-b', name: 'B' })).id;
  });
  afterAll(() => t.close());

  it('chains entries per tenant and verifies them', async () => {
    for (let i = 1; i <= 5; i++) await recordAs(tenantA, 'contacts.updated', { version: i, tags: ['b', 'a'], note: 'é ü 中' });
    await recordAs(tenantB, 'contacts.created');
    const a = await verifier.verify(tenantA);
    expect(a).toMatchObject({ valid: true, checked: 5, problem: null, head: { seq: 5 } });
    expect(await verifier.verify(tenantB)).toMatchObject({ valid: true, checked: 1 });
  });

  it('keeps the sequence gap-free under concurrent appends', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => recordAs(tenantB, 'contacts.tagged', { i })));
    expect(await verifier.verify(tenantB)).toMatchObject({ valid: true, checked: 21 });
  });

  it('writes an entry only if the unit of work commits', async () => {
    const before = (await verifier.verify(tenantA)).checked;
    await expect(
      scope.run(tenantA, async () => {
        await audit.record({ action: 'contacts.deleted', target: { type: 'contact', id: 'c-9' } });
        throw new Error('the deletion failed after all');
      }),
    ).rejects.toThrow('the deletion failed after all');
    expect((await verifier.verify(tenantA)).checked).toBe(before);
  });

  it('refuses UPDATE and DELETE to the application role', async () => {
    const asApp = (sql: string) =>
      withPgClient(t.database.appUrl, async (client) => {
        await client.query("SELECT set_config('app.tenant_id', $1, false)", [tenantA]);
        return client.query(sql);
      });
    await expect(asApp("UPDATE audit_log SET action = 'contacts.nothing'")).rejects.toThrow(/permission denied/);
    await expect(asApp('DELETE FROM audit_log')).rejects.toThrow(/permission denied/);
    await expect(asApp('TRUNCATE audit_log')).rejects.toThrow(/permission denied/);
  });

  it('answers the tenant API with its own entries and a passing verification', async () => {
    const token = testToken({ id: 'admin-a', tenantId: tenantA, permissions: ['audit.read', 'audit.verify'] });
    const page = await t.http().get('/api/v1/audit/entries?limit=2').set('authorization', `Bearer ${token}`).expect(200);
    expect(page.body.data).toHaveLength(2);
    expect(page.body.data[0]).toMatchObject({ seq: 5, action: 'contacts.updated', actor: { kind: 'user', id: 'u-1' } });
    const next = await t.http().get(`/api/v1/audit/entries?limit=10&cursor=${page.body.nextCursor}`).set('authorization', `Bearer ${token}`).expect(200);
    expect(next.body.data.map((e: { seq: number }) => e.seq)).toEqual([3, 2, 1]);
    await t.http().get('/api/v1/audit/verify').set('authorization', `Bearer ${token}`).expect(200).expect((r) => expect(r.body.valid).toBe(true));
  });

  it('detects an entry altered directly in SQL by the owner role', async () => {
    await asOwner(`UPDATE audit_log SET after = '{"version": 99}'::jsonb WHERE tenant_id = $1 AND seq = 3`, [tenantA]);
    expect(await verifier.verify(tenantA)).toMatchObject({ valid: false, checked: 2, problem: { seq: 3, reason: 'altered-entry' } });
  });

  it('detects a deleted entry and a reordered chain', async () => {
    const fresh = (await t.platform.app.get(TenantsService).create({ slug: 'audit-c', name: 'C' })).id;
    for (let i = 1; i <= 4; i++) await recordAs(fresh, 'contacts.updated', { i });
    const owner = (sql: string) =>
      withPgClient(t.database.migrationUrl, async (client) => {
        await client.query("SELECT set_config('app.tenant_id', $1, false)", [fresh]);
        return client.query(sql, [fresh]);
      });
    await owner('UPDATE audit_log SET seq = seq + 100 WHERE tenant_id = $1 AND seq IN (2, 3)');
    await owner('UPDATE audit_log SET seq = CASE seq WHEN 102 THEN 3 ELSE 2 END WHERE tenant_id = $1 AND seq > 100');
    expect(await verifier.verify(fresh)).toMatchObject({ valid: false, problem: { seq: 2, reason: 'broken-link' } });
    await owner('DELETE FROM audit_log WHERE tenant_id = $1 AND seq = 2');
    expect(await verifier.verify(fresh)).toMatchObject({ valid: false, problem: { seq: 2, reason: 'missing-entry' } });
  });

  it('keeps platform entries in their own chain, invisible to tenants', async () => {
    await RequestContext.run({ requestId: 'platform-1', source: 'system' }, () => audit.record({ action: 'platform.flag-changed' }));
    expect(await verifier.verify(null)).toMatchObject({ valid: true, checked: 1 });
    const token = testToken({ id: 'admin-b', tenantId: tenantB, permissions: ['audit.read'] });
    const page = await t.http().get('/api/v1/audit/entries?limit=200').set('authorization', `Bearer ${token}`).expect(200);
    expect(page.body.data.every((e: { action: string }) => e.action !== 'platform.flag-changed')).toBe(true);
  });
});
