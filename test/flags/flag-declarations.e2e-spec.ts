import { Injectable, Module } from '@nestjs/common';
import { prepareModules, ModuleRegistryError, TenantsService } from '@tessera/kernel';
import { defineModule, FLAG_STATE, type FlagState, type PlanEntitlements, type PlanEntitlementSource } from '@tessera/module-sdk';
import { startTestPlatform, type TestPlatform } from '@tessera/module-sdk/testing';
import { demoAuthModule, testToken } from '../support/demo-modules';
import { fxBaseModule } from './support/flag-demo-modules';

const problemsOf = (modules: Parameters<typeof prepareModules>[0], env: Record<string, string> = {}): string[] => {
  try {
    prepareModules(modules, { NODE_ENV: 'test', ...env });
    return [];
  } catch (error) {
    if (!(error instanceof ModuleRegistryError)) throw error;
    return error.problems.map((p) => `[${p.module}] ${p.problem}`);
  }
};

const base = { version: '1.0.0', platform: '^1.0.0' } as const;

describe('flag declarations in module definitions', () => {
  it('accepts namespaced flags of every type', () => {
    expect(problemsOf([fxBaseModule])).toEqual([]);
  });

  it('refuses a flag outside the module namespace, a duplicate, a bad type and a bad default', () => {
    const broken = defineModule({
      ...base,
      name: 'crm',
      flags: [
        { key: 'contacts.merge', type: 'release', default: false, description: 'Not ours' },
        { key: 'crm.merge', type: 'release', default: false, description: 'Twice' },
        { key: 'crm.merge', type: 'release', default: true, description: 'Twice' },
      ],
    });
    expect(problemsOf([broken])).toEqual([
      '[crm] flag "contacts.merge" is outside the module\'s namespace.',
      '[crm] flag "crm.merge" is declared twice.',
    ]);
    const shapes = defineModule({
      ...base,
      name: 'crm',
      flags: [{ key: 'crm.x', type: 'sometimes' as never, default: { on: true } as never, description: '' }],
    });
    const problems = problemsOf([shapes]);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('"flags.0.type"'),
        expect.stringContaining('"flags.0.default" must be a boolean, a string or a finite number'),
        expect.stringContaining('"flags.0.description" must not be empty'),
      ]),
    );
  });

  it('reserves the kernel permission namespaces "modules" and "flags"', () => {
    const reservedFor = { modules: "the kernel's module-enablement permissions", flags: "the feature-flag library's migrations and its permissions" };
    for (const [name, what] of Object.entries(reservedFor)) {
      expect(problemsOf([defineModule({ ...base, name })])).toEqual([`[${name}] the name "${name}" is reserved by the platform, for ${what}.`]);
    }
  });

  it('refuses two modules that both provide plan entitlements', () => {
    class Source implements PlanEntitlementSource {
      async entitlementsOf(): Promise<PlanEntitlements> {
        return {};
      }
    }
    const problems = problemsOf([
      defineModule({ ...base, name: 'billing-a', planEntitlements: Source }),
      defineModule({ ...base, name: 'billing-b', planEntitlements: Source }),
    ]);
    expect(problems).toEqual(['[billing-b] provides plan entitlements, but so does "billing-a"; only one module may say what plans grant.']);
  });
});

/** Test-only billing: plans live in memory; changing one calls FLAG_STATE.refresh like a real billing module would. */
@Injectable()
class FakeBilling implements PlanEntitlementSource {
  static grants: Record<string, PlanEntitlements> = { gold: { flags: { 'fx-base.new-editor': true } } };
  async entitlementsOf(plan: string): Promise<PlanEntitlements> {
    return FakeBilling.grants[plan] ?? {};
  }
}
@Module({ providers: [FakeBilling], exports: [FakeBilling] })
class FakeBillingNestModule {}
const fakeBillingModule = defineModule({ ...base, name: 'fake-billing', nestModule: FakeBillingNestModule, planEntitlements: FakeBilling });

describe('plan entitlements from a module', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform({
      modules: [demoAuthModule, fxBaseModule, fakeBillingModule],
      // Ignored: a module provides the entitlements.
      env: { PLAN_ENTITLEMENTS: JSON.stringify({ gold: { limits: { 'fx-base.page-size': 7 } } }) },
    });
  });
  afterAll(() => t.close());

  it('asks the module what a plan grants, and reloads when told the grants changed', async () => {
    const tenantId = (await t.platform.app.get(TenantsService).create({ slug: 'gold', name: 'Gold', plan: 'gold' })).id;
    const token = testToken({ id: 'u', tenantId, permissions: ['fx-base.read'] });
    const status = async () => (await t.http().get('/api/v1/fx-base/status').set('authorization', `Bearer ${token}`).expect(200)).body;
    expect(await status()).toMatchObject({ newEditor: true, newEditorReason: 'entitlement', pageSize: 25 });
    FakeBilling.grants = { gold: {} };
    expect(await status()).toMatchObject({ newEditor: true }); // cached until told
    await t.platform.app.get<FlagState>(FLAG_STATE).refresh(tenantId);
    expect(await status()).toMatchObject({ newEditor: false, newEditorReason: 'default' });
  });

  it('refuses to boot on configured entitlements of the wrong type', async () => {
    await expect(
      startTestPlatform({ modules: [demoAuthModule, fxBaseModule], env: { PLAN_ENTITLEMENTS: JSON.stringify({ pro: { flags: { 'fx-base.page-size': true } } }) } }),
    ).rejects.toThrow(/PLAN_ENTITLEMENTS: plan "pro" grants flags."fx-base.page-size" = true, but "fx-base.page-size" is a number flag/);
  });

  it('refuses to boot on TENANT_DEFAULT_MODULES naming a module that is not loaded', async () => {
    await expect(startTestPlatform({ modules: [demoAuthModule, fxBaseModule], env: { TENANT_DEFAULT_MODULES: 'fx-base,contacts' } })).rejects.toThrow(
      /TENANT_DEFAULT_MODULES names module that is not loaded: contacts/,
    );
  });
});
