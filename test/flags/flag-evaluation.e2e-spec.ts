import { rolloutBucket, inRollout } from '@tessera/flags';
import { TenantsService } from '@tessera/kernel';
import { startTestPlatform, type TestPlatform } from '@tessera/module-sdk/testing';
import { withPgClient } from '@tessera/persistence';
import { demoAuthModule, testToken } from '../support/demo-modules';
import { RequestWindows } from '../support/request-windows';
import { FX_MODULES } from './support/flag-demo-modules';

const PLANS = { pro: { flags: { 'fx-base.bulk-export': true }, limits: { 'fx-base.page-size': 100 } } };

describe('feature flags', () => {
  let t: TestPlatform;
  let tenantPro: string;
  let tenantFree: string;
  let ops: string;
  const tokens: Record<string, string> = {};

  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const status = async (token: string) => (await t.http().get('/api/v1/fx-base/status').set(as(token)).expect(200)).body;
  const explain = async (token: string, key: string, userId?: string) =>
    (await t.http().get(`/api/v1/tenant/flags/${key}/explain${userId ? `?userId=${userId}` : ''}`).set(as(token)).expect(200)).body;
  const patchFlag = (key: string, body: object) => t.http().patch(`/api/v1/platform/flags/${key}`).set(as(ops)).send(body);
  /** When a change was requested: its audit entry must be stamped inside this window. */
  const windows = new RequestWindows();

  beforeAll(async () => {
    t = await startTestPlatform({ modules: [demoAuthModule, ...FX_MODULES], env: { PLAN_ENTITLEMENTS: JSON.stringify(PLANS) } });
    const tenants = t.platform.app.get(TenantsService);
    tenantPro = (await tenants.create({ slug: 'flags-pro', name: 'Pro', plan: 'pro' })).id;
    tenantFree = (await tenants.create({ slug: 'flags-free', name: 'Free' })).id;
    const tenantPermissions = ['fx-base.read', 'flags.read', 'flags.manage', 'audit.read'];
    tokens.proUser1 = testToken({ id: 'user-1', tenantId: tenantPro, permissions: tenantPermissions });
    tokens.proUser2 = testToken({ id: 'user-2', tenantId: tenantPro, permissions: tenantPermissions });
    tokens.freeUser = testToken({ id: 'user-3', tenantId: tenantFree, permissions: tenantPermissions });
    ops = testToken({ id: 'ops-1', tenantId: null, permissions: ['platform.flags.read', 'platform.flags.manage'] });
  });
  afterAll(() => t.close());

  it('lets module code read its flags through OpenFeature, with the tenant taken from the request', async () => {
    expect(await status(tokens.proUser1!)).toEqual({
      newEditor: false,
      newEditorReason: 'default',
      bulkExport: true,
      pageSize: 100,
      theme: 'classic',
      missingErrorCode: 'FLAG_NOT_FOUND',
    });
  });

  it("grants what the tenant's plan entitles it to, and nothing to a plan without grants", async () => {
    expect(await status(tokens.freeUser!)).toMatchObject({ bulkExport: false, pageSize: 25 });
    expect(await explain(tokens.proUser1!, 'fx-base.page-size')).toMatchObject({ value: 100, reason: 'entitlement', rules: { entitlement: { plan: 'pro', value: 100 } } });
  });

  it('applies a per-tenant override to every user of that tenant only', async () => {
    const response = await windows.timed('tenant-override', () => t.http().put('/api/v1/tenant/flags/fx-base.new-editor/override').set(as(tokens.proUser1!)).send({ value: true }).expect(200));
    expect(response.body).toEqual({ key: 'fx-base.new-editor', userId: null, before: null, after: true });
    expect(await status(tokens.proUser2!)).toMatchObject({ newEditor: true, newEditorReason: 'tenant-override' });
    expect(await status(tokens.freeUser!)).toMatchObject({ newEditor: false });
  });

  it('applies a per-user override to that user only, over the tenant override', async () => {
    await t.http().put('/api/v1/tenant/flags/fx-base.new-editor/users/user-2').set(as(tokens.proUser1!)).send({ value: false }).expect(200);
    expect(await status(tokens.proUser2!)).toMatchObject({ newEditor: false, newEditorReason: 'user-override' });
    expect(await status(tokens.proUser1!)).toMatchObject({ newEditor: true, newEditorReason: 'tenant-override' });
    const users = await t.http().get('/api/v1/tenant/flags/fx-base.new-editor/users').set(as(tokens.proUser1!)).expect(200);
    expect(users.body).toMatchObject({ data: [{ userId: 'user-2', value: false, updatedBy: 'user:user-1' }], nextCursor: null });
    await windows.timed('user-override-cleared', () => t.http().delete('/api/v1/tenant/flags/fx-base.new-editor/users/user-2').set(as(tokens.proUser1!)).expect(200));
    expect(await status(tokens.proUser2!)).toMatchObject({ newEditor: true });
  });

  it('lets the global kill switch win over overrides and entitlements, and lifts it again', async () => {
    await t.http().put('/api/v1/tenant/flags/fx-base.new-editor/users/user-1').set(as(tokens.proUser1!)).send({ value: true }).expect(200);
    await windows.timed('kill-switch', () => patchFlag('fx-base.new-editor', { killed: true, killReason: 'incident 7' }).expect(200));
    await patchFlag('fx-base.bulk-export', { killed: true }).expect(200);
    expect(await status(tokens.proUser1!)).toMatchObject({ newEditor: false, newEditorReason: 'killed', bulkExport: false });
    expect(await explain(tokens.proUser1!, 'fx-base.new-editor', 'user-1')).toMatchObject({
      reason: 'killed',
      rules: { killSwitch: { killed: true, reason: 'incident 7' }, userOverride: { value: true }, tenantOverride: { value: true } },
    });
    await patchFlag('fx-base.new-editor', { killed: false }).expect(200);
    await patchFlag('fx-base.bulk-export', { killed: false }).expect(200);
    expect(await status(tokens.proUser1!)).toMatchObject({ newEditor: true, newEditorReason: 'user-override', bulkExport: true });
  });

  it('rolls a boolean flag out by percentage, sticky on the tenant, and explains the bucket', async () => {
    const platformList = await patchFlag('fx-base.search', { rollout: { percentage: 37.5, stickiness: 'tenant' } }).expect(200);
    expect(platformList.body).toMatchObject({ key: 'fx-base.search', rollout: { percentage: 37.5, stickiness: 'tenant' } });
    const expected = inRollout(rolloutBucket('fx-base.search', tenantFree), 37.5);
    const explanation = await explain(tokens.freeUser!, 'fx-base.search');
    expect(explanation).toMatchObject({
      value: expected,
      reason: 'rollout',
      rules: { rollout: { stickyOn: 'tenant', bucket: rolloutBucket('fx-base.search', tenantFree), inRollout: expected } },
    });
    for (let i = 0; i < 3; i++) expect((await explain(tokens.freeUser!, 'fx-base.search')).value).toBe(expected);
    await patchFlag('fx-base.search', { rollout: null }).expect(200);
    expect(await explain(tokens.freeUser!, 'fx-base.search')).toMatchObject({ value: true, reason: 'default', rules: { rollout: null } });
  });

  it('refuses a rollout of a non-boolean flag and values of the wrong type', async () => {
    const rollout = await patchFlag('fx-base.page-size', { rollout: { percentage: 10, stickiness: 'user' } }).expect(400);
    expect(rollout.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'rollout' }] });
    const value = await t.http().put('/api/v1/tenant/flags/fx-base.new-editor/override').set(as(tokens.proUser1!)).send({ value: 'yes' }).expect(400);
    expect(value.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'value' }] });
    const empty = await patchFlag('fx-base.new-editor', {}).expect(400);
    expect(empty.body.error.code).toBe('VALIDATION_FAILED');
    expect((await patchFlag('fx-base.nothing', { killed: true }).expect(404)).body.error.code).toBe('FLAG_NOT_FOUND');
  });

  it("refuses a tenant admin on flags that are the platform's, and lets a platform admin set them for a tenant", async () => {
    const refused = await t.http().put('/api/v1/tenant/flags/fx-base.page-size/override').set(as(tokens.proUser1!)).send({ value: 50 }).expect(403);
    expect(refused.body.error.code).toBe('FLAG_NOT_TENANT_ADJUSTABLE');
    await t.http().put(`/api/v1/platform/tenants/${tenantFree}/flags/fx-base.page-size/override`).set(as(ops)).send({ value: 50 }).expect(200);
    expect(await status(tokens.freeUser!)).toMatchObject({ pageSize: 50 });
    const flags = await t.http().get(`/api/v1/platform/tenants/${tenantFree}/flags?limit=200`).set(as(ops)).expect(200);
    expect(flags.body.data.find((f: { key: string }) => f.key === 'fx-base.page-size')).toMatchObject({ value: 50, reason: 'tenant-override', tenantOverride: 50 });
    await t.http().get(`/api/v1/platform/tenants/${tenantFree}/flags`).set(as(tokens.freeUser!)).expect(403);
  });

  it('applies a platform-wide value to every tenant without an override', async () => {
    await patchFlag('fx-base.theme', { value: 'dark' }).expect(200);
    expect(await status(tokens.freeUser!)).toMatchObject({ theme: 'dark' });
    const list = await t.http().get('/api/v1/platform/flags?limit=2').set(as(ops)).expect(200);
    expect(list.body.data.map((f: { key: string }) => f.key)).toEqual(['fx-base.bulk-export', 'fx-base.new-editor']);
    expect(list.body.nextCursor).toBe('fx-base.new-editor');
  });

  it('audits flag changes with who, when, before and after: tenant overrides in the tenant chain, platform settings in the platform chain', async () => {
    const entries = (await t.http().get('/api/v1/audit/entries?limit=200').set(as(tokens.proUser1!)).expect(200)).body.data;
    const overrideSet = entries.find((e: { action: string }) => e.action === 'flags.tenant-override-set');
    expect(overrideSet).toMatchObject({
      actor: { kind: 'user', id: 'user-1' },
      target: { type: 'flag', id: 'fx-base.new-editor' },
      before: { value: null },
      after: { value: true },
    });
    windows.expectWithin(overrideSet.occurredAt, 'tenant-override');
    const cleared = entries.find((e: { action: string }) => e.action === 'flags.user-override-cleared');
    expect(cleared).toMatchObject({ metadata: { userId: 'user-2' } });
    windows.expectWithin(cleared.occurredAt, 'user-override-cleared');
    const platformChain = await withPgClient(t.database.migrationUrl, async (client) =>
      (await client.query("SELECT actor_id, target_id, before, after, occurred_at FROM audit_log WHERE tenant_id IS NULL AND action = 'flags.platform-settings-changed' ORDER BY seq")).rows,
    );
    expect(platformChain[0]).toMatchObject({
      actor_id: 'ops-1',
      target_id: 'fx-base.new-editor',
      before: { killed: false, killReason: null, value: null, rollout: null },
      after: { killed: true, killReason: 'incident 7' },
    });
    windows.expectWithin(platformChain[0].occurred_at, 'kill-switch');
  });
});
