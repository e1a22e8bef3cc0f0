import { TenantsService } from '@tessera/kernel';
import { startTestPlatform, type TestPlatform } from '@tessera/module-sdk/testing';
import { withPgClient } from '@tessera/persistence';
import { demoAuthModule, testToken } from '../support/demo-modules';
import { RequestWindows } from '../support/request-windows';
import { FX_MODULES } from './support/flag-demo-modules';

const MODULE_READS = ['fx-base.read', 'fx-reports.read', 'fx-dashboards.read', 'fx-beta.read'];

describe('per-tenant module enablement', () => {
  let t: TestPlatform;
  let tenantA: string;
  let tenantB: string;
  let adminA: string;
  let adminB: string;
  let platformAdmin: string;

  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const setModule = (token: string, module: string, body: object) => t.http().put(`/api/v1/tenant/modules/${module}`).set(as(token)).send(body);
  const settingsRow = (tenantId: string) =>
    withPgClient(t.database.migrationUrl, async (client) => {
      await client.query("SELECT set_config('app.tenant_id', $1, false)", [tenantId]);
      return (await client.query('SELECT active, seeded_in, times_enabled FROM fx_base_settings')).rows[0];
    });
  const auditOf = async (token: string) =>
    (await t.http().get('/api/v1/audit/entries?limit=200').set(as(token)).expect(200)).body.data as Array<{
      action: string;
      target: { type: string; id: string };
      actor: { kind: string; id: string };
      before: unknown;
      after: unknown;
      occurredAt: string;
    }>;
  /** When a change was requested: its audit entry must be stamped inside this window, as an ISO 8601 UTC string. */
  const windows = new RequestWindows();
  const expectStampedWithin = (occurredAt: string, name: string) => {
    expect(occurredAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    windows.expectWithin(occurredAt, name);
  };

  beforeAll(async () => {
    t = await startTestPlatform({ modules: [demoAuthModule, ...FX_MODULES] });
    const tenants = t.platform.app.get(TenantsService);
    tenantA = (await tenants.create({ slug: 'enable-a', name: 'A' })).id;
    tenantB = (await tenants.create({ slug: 'enable-b', name: 'B' })).id;
    const permissions = ['modules.read', 'modules.manage', 'audit.read', ...MODULE_READS];
    adminA = testToken({ id: 'admin-a', tenantId: tenantA, permissions });
    adminB = testToken({ id: 'admin-b', tenantId: tenantB, permissions });
    platformAdmin = testToken({ id: 'ops-1', tenantId: null, permissions: ['platform.tenant-modules.read', 'platform.tenant-modules.manage'] });
  });
  afterAll(() => t.close());

  it('starts a tenant with every module except the opt-in ones, and the authenticating module always on', async () => {
    const response = await t.http().get('/api/v1/tenant/modules').set(as(adminA)).expect(200);
    const byName = Object.fromEntries(response.body.data.map((m: { name: string }) => [m.name, m]));
    expect(Object.keys(byName)).toEqual(['demo-auth', 'fx-base', 'fx-beta', 'fx-dashboards', 'fx-fragile', 'fx-reports']);
    expect(byName['demo-auth']).toMatchObject({ enabled: true, alwaysOn: true });
    expect(byName['fx-dashboards']).toMatchObject({ enabled: true, choice: null, enabledByDefault: true, requires: ['fx-reports'] });
    expect(byName['fx-beta']).toMatchObject({ enabled: false, choice: null, enabledByDefault: false });
    const page = await t.http().get('/api/v1/tenant/modules?limit=2').set(as(adminA)).expect(200);
    expect(page.body).toMatchObject({ data: [{ name: 'demo-auth' }, { name: 'fx-base' }], nextCursor: 'fx-base' });
    const next = await t.http().get('/api/v1/tenant/modules?limit=2&cursor=fx-base').set(as(adminA)).expect(200);
    expect(next.body.data.map((m: { name: string }) => m.name)).toEqual(['fx-beta', 'fx-dashboards']);
  });

  it('refuses to disable a module that enabled modules require, and names them', async () => {
    const response = await setModule(adminA, 'fx-base', { enabled: false }).expect(409);
    expect(response.body.error).toMatchObject({ code: 'MODULE_HAS_DEPENDENTS', details: { module: 'fx-base', dependents: ['fx-reports', 'fx-dashboards'] } });
    expect(response.body.error.message).toMatch(/fx-reports, fx-dashboards .*"cascade": true/);
    await t.http().get('/api/v1/fx-reports').set(as(adminA)).expect(200);
  });

  it('runs the enable hooks of the modules a new tenant starts with, in that tenant', async () => {
    expect(await settingsRow(tenantA)).toEqual({ active: true, seeded_in: tenantA, times_enabled: 1 });
    expect(await settingsRow(tenantB)).toEqual({ active: true, seeded_in: tenantB, times_enabled: 1 });
  });

  it('disables the dependents too when asked to cascade, runs the disable hook in the tenant and keeps its data', async () => {
    const pinned = await setModule(adminA, 'fx-base', { enabled: true }).expect(200);
    expect(pinned.body.changes).toEqual([{ module: 'fx-base', before: { enabled: true, choice: null }, after: { enabled: true, choice: true } }]);
    const response = await windows.timed('cascade', () => setModule(adminA, 'fx-base', { enabled: false, cascade: true }).expect(200));
    expect(response.body.changes.map((c: { module: string; after: { enabled: boolean } }) => [c.module, c.after.enabled])).toEqual([
      ['fx-base', false],
      ['fx-reports', false],
      ['fx-dashboards', false],
    ]);
    expect(await settingsRow(tenantA)).toEqual({ active: false, seeded_in: tenantA, times_enabled: 1 });
  });

  it("answers a disabled module's routes with 403 MODULE_DISABLED for that tenant only", async () => {
    for (const route of ['/api/v1/fx-base/status', '/api/v1/fx-reports', '/api/v1/fx-dashboards']) {
      const refused = await t.http().get(route).set(as(adminA)).expect(403);
      expect(refused.body.error).toMatchObject({ code: 'MODULE_DISABLED' });
      await t.http().get(route).set(as(adminB)).expect(200);
    }
  });

  it('leaves disabled modules and their flags out of the tenant capability list', async () => {
    const a = await t.http().get('/api/v1/capabilities').set(as(adminA)).expect(200);
    expect(a.body.modules.map((m: { name: string }) => m.name)).toEqual(['demo-auth']);
    expect(a.body.flags).toEqual({});
    const b = await t.http().get('/api/v1/capabilities').set(as(adminB)).expect(200);
    expect(b.body.modules.map((m: { name: string }) => m.name)).toEqual(['demo-auth', 'fx-base', 'fx-reports', 'fx-dashboards']);
    expect(b.body.flags).toMatchObject({ 'fx-base.new-editor': false, 'fx-base.page-size': 25, 'fx-reports.enabled-view': true });
    expect(Object.keys(b.body.flags)).not.toContain('fx-beta.enabled-view');
  });

  it('enables the modules a module requires along with it, running their enable hooks again', async () => {
    const response = await setModule(adminA, 'fx-dashboards', { enabled: true }).expect(200);
    expect(response.body.changes.filter((c: { after: { enabled: boolean } }) => c.after.enabled).map((c: { module: string }) => c.module)).toEqual([
      'fx-base',
      'fx-reports',
      'fx-dashboards',
    ]);
    expect(await settingsRow(tenantA)).toEqual({ active: true, seeded_in: tenantA, times_enabled: 2 });
    await t.http().get('/api/v1/fx-dashboards').set(as(adminA)).expect(200);
  });

  it('answers an unchanged request with no changes and writes no audit entry', async () => {
    const before = (await auditOf(adminA)).length;
    const response = await setModule(adminA, 'fx-dashboards', { enabled: true }).expect(200);
    expect(response.body.changes).toEqual([]);
    expect((await auditOf(adminA)).length).toBe(before);
  });

  it('refuses to disable the always-on authenticating module', async () => {
    const response = await setModule(adminA, 'demo-auth', { enabled: false, cascade: true }).expect(409);
    expect(response.body.error.code).toBe('MODULE_ALWAYS_ON');
  });

  it('changes nothing when a module’s enable hook fails', async () => {
    const response = await setModule(adminA, 'fx-fragile', { enabled: true }).expect(500);
    expect(response.body.error).toMatchObject({ code: 'MODULE_HOOK_FAILED', details: { module: 'fx-fragile', hook: 'onTenantEnable' } });
    const modules = await t.http().get('/api/v1/tenant/modules?limit=200').set(as(adminA)).expect(200);
    expect(modules.body.data.find((m: { name: string }) => m.name === 'fx-fragile')).toMatchObject({ enabled: false, choice: null });
    expect((await auditOf(adminA)).some((e) => e.target?.id === 'fx-fragile')).toBe(false);
  });

  it('audits every change in the tenant chain with who, when, before and after', async () => {
    const entries = await auditOf(adminA);
    const disabled = entries.filter((e) => e.action === 'modules.disabled').map((e) => e.target.id);
    expect(disabled.sort()).toEqual(['fx-base', 'fx-dashboards', 'fx-reports']);
    const baseOff = entries.find((e) => e.action === 'modules.disabled' && e.target.id === 'fx-base')!;
    expect(baseOff).toMatchObject({
      actor: { kind: 'user', id: 'admin-a' },
      before: { enabled: true, choice: true },
      after: { enabled: false, choice: false },
    });
    for (const module of ['fx-base', 'fx-reports', 'fx-dashboards']) {
      expectStampedWithin(entries.find((e) => e.action === 'modules.disabled' && e.target.id === module)!.occurredAt, 'cascade');
    }
    expect(entries.some((e) => e.action === 'modules.enabled' && e.target.id === 'fx-reports')).toBe(true);
    expect((await auditOf(adminB)).filter((e) => e.action.startsWith('modules.'))).toEqual([]);
  });

  it("lets a platform admin change any tenant's modules, and keeps tenant admins to their own", async () => {
    const response = await windows.timed('platform-admin', () => t.http().put(`/api/v1/platform/tenants/${tenantB}/modules/fx-beta`).set(as(platformAdmin)).send({ enabled: true }).expect(200));
    expect(response.body.changes).toEqual([{ module: 'fx-beta', before: { enabled: false, choice: null }, after: { enabled: true, choice: true } }]);
    await t.http().get('/api/v1/fx-beta').set(as(adminB)).expect(200);
    await t.http().get('/api/v1/fx-beta').set(as(adminA)).expect(403);
    const list = await t.http().get(`/api/v1/platform/tenants/${tenantB}/modules?limit=200`).set(as(platformAdmin)).expect(200);
    expect(list.body.data.find((m: { name: string }) => m.name === 'fx-beta')).toMatchObject({ enabled: true });
    const denied = await t.http().put(`/api/v1/platform/tenants/${tenantB}/modules/fx-beta`).set(as(adminA)).send({ enabled: false }).expect(403);
    expect(denied.body.error.code).toBe('PERMISSION_DENIED');
    const entry = (await auditOf(adminB)).find((e) => e.action === 'modules.enabled' && e.target.id === 'fx-beta');
    expect(entry).toMatchObject({ actor: { kind: 'user', id: 'ops-1' } });
    expectStampedWithin(entry!.occurredAt, 'platform-admin');
  });

  it('refuses invalid input, unknown modules and unknown tenants with stable codes', async () => {
    const invalid = await setModule(adminA, 'fx-beta', { enabled: 'yes' }).expect(400);
    expect(invalid.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'enabled' }] });
    const badName = await setModule(adminA, 'Not_A_Module', { enabled: true }).expect(400);
    expect(badName.body.error.details[0].field).toBe('module');
    expect((await setModule(adminA, 'fx-nothing', { enabled: true }).expect(404)).body.error.code).toBe('MODULE_NOT_FOUND');
    const ghost = '0190a1b2-0000-7000-8000-0000000000ff';
    const missing = await t.http().put(`/api/v1/platform/tenants/${ghost}/modules/fx-beta`).set(as(platformAdmin)).send({ enabled: true }).expect(404);
    expect(missing.body.error.code).toBe('TENANT_NOT_FOUND');
    await t.http().get('/api/v1/tenant/modules').set(as(testToken({ id: 'reader', tenantId: tenantA, permissions: ['modules.read'] }))).expect(200);
    await setModule(testToken({ id: 'reader', tenantId: tenantA, permissions: ['modules.read'] }), 'fx-beta', { enabled: true }).expect(403);
  });
});
