import { defineModule, type FlagValue } from '@tessera/module-sdk';
import { FlagCatalog } from '../catalog/flag-catalog';
import type { GlobalFlagSetting, TenantState } from '../state/flag-states';
import { evaluateFlag, explainFlag } from './flag-evaluator';
import { inRollout, rolloutBucket } from './rollout-bucket';

const crm = defineModule({
  name: 'crm',
  version: '1.0.0',
  platform: '^1.0.0',
  flags: [
    { key: 'crm.editor', type: 'release', default: false, description: 'New editor' },
    { key: 'crm.theme', type: 'experiment', default: 'classic', description: 'Theme' },
    { key: 'crm.search', type: 'kill-switch', default: true, description: 'Search' },
  ],
});
const catalog = new FlagCatalog([crm]);
const editor = catalog.get('crm.editor')!;
const theme = catalog.get('crm.theme')!;
const search = catalog.get('crm.search')!;

const TENANT = '0190a1b2-0000-7000-8000-000000000001';

function tenant(parts: Partial<Omit<TenantState, 'tenantId'>> = {}): TenantState {
  return {
    tenantId: TENANT,
    exists: true,
    plan: 'pro',
    moduleChoices: new Map(),
    enabled: new Set(['crm']),
    tenantOverrides: new Map(),
    userOverrides: new Map(),
    grants: new Map(),
    ...parts,
  };
}

function global(parts: Partial<GlobalFlagSetting> = {}): GlobalFlagSetting {
  return { killed: false, killReason: null, value: undefined, rollout: undefined, updatedAt: '', updatedBy: 'user:ops', ...parts };
}

const everything = (value: FlagValue) =>
  tenant({
    tenantOverrides: new Map([[editor.key, value]]),
    userOverrides: new Map([[editor.key, new Map([['u-1', value]])]]),
    grants: new Map([[editor.key, value]]),
  });

describe('flag evaluation order', () => {
  it('answers the declared default when nothing else applies', () => {
    expect(evaluateFlag(editor, undefined, tenant(), 'u-1')).toEqual({ value: false, reason: 'default' });
    expect(evaluateFlag(theme, undefined, tenant(), undefined)).toEqual({ value: 'classic', reason: 'default' });
  });

  it('lets the global kill switch win over every override, entitlement and rollout', () => {
    const killed = global({ killed: true, killReason: 'incident 42', value: true, rollout: { percentage: 100, stickiness: 'tenant' } });
    expect(evaluateFlag(editor, killed, everything(true), 'u-1')).toEqual({ value: false, reason: 'killed' });
    expect(evaluateFlag(search, global({ killed: true }), tenant({ tenantOverrides: new Map([[search.key, true]]) }), undefined)).toEqual({
      value: false,
      reason: 'killed',
    });
    // A killed non-boolean flag falls back to its declared default.
    expect(evaluateFlag(theme, global({ killed: true }), tenant({ tenantOverrides: new Map([[theme.key, 'dark']]) }), undefined).value).toBe('classic');
  });

  it('is off when the flag’s module is off for the tenant, whatever the overrides', () => {
    expect(evaluateFlag(editor, undefined, { ...everything(true), enabled: new Set() }, 'u-1')).toEqual({ value: false, reason: 'module-disabled' });
  });

  it('prefers a user override to the tenant override, which beats the plan', () => {
    const state = tenant({
      userOverrides: new Map([[editor.key, new Map([['u-1', true]])]]),
      tenantOverrides: new Map([[editor.key, false]]),
      grants: new Map([[editor.key, true]]),
    });
    expect(evaluateFlag(editor, undefined, state, 'u-1')).toEqual({ value: true, reason: 'user-override' });
    expect(evaluateFlag(editor, undefined, state, 'u-2')).toEqual({ value: false, reason: 'tenant-override' });
    expect(evaluateFlag(editor, undefined, tenant({ grants: new Map([[editor.key, true]]) }), 'u-2')).toEqual({ value: true, reason: 'entitlement' });
  });

  it('applies the plan before the rollout, and the rollout before the platform value', () => {
    const rollout = global({ rollout: { percentage: 0, stickiness: 'tenant' }, value: true });
    expect(evaluateFlag(editor, rollout, tenant({ grants: new Map([[editor.key, true]]) }), undefined)).toEqual({ value: true, reason: 'entitlement' });
    expect(evaluateFlag(editor, rollout, tenant(), undefined)).toEqual({ value: false, reason: 'rollout' });
    expect(evaluateFlag(editor, global({ value: true }), tenant(), undefined)).toEqual({ value: true, reason: 'platform-value' });
  });

  it('buckets a user-sticky rollout by user, and by tenant when there is no user', () => {
    const half = global({ rollout: { percentage: 50, stickiness: 'user' } });
    for (const user of ['u-1', 'u-2', 'u-3', 'u-4']) {
      expect(evaluateFlag(editor, half, tenant(), user).value).toBe(inRollout(rolloutBucket(editor.key, user), 50));
    }
    expect(evaluateFlag(editor, half, tenant(), undefined).value).toBe(inRollout(rolloutBucket(editor.key, TENANT), 50));
  });

  it('evaluates platform-level work (no tenant) on the kill switch, platform value and default only', () => {
    const settings = global({ rollout: { percentage: 100, stickiness: 'tenant' } });
    expect(evaluateFlag(editor, settings, undefined, undefined)).toEqual({ value: false, reason: 'default' });
    expect(evaluateFlag(editor, global({ value: true }), undefined, undefined)).toEqual({ value: true, reason: 'platform-value' });
  });

  it('explains which rule decided and what every other rule says', () => {
    const explanation = explainFlag(
      editor,
      global({ rollout: { percentage: 100, stickiness: 'user' }, value: false }),
      tenant({ tenantOverrides: new Map([[editor.key, false]]), grants: new Map([[editor.key, true]]) }),
      'u-9',
    );
    expect(explanation).toMatchObject({
      key: 'crm.editor',
      value: false,
      reason: 'tenant-override',
      rules: {
        killSwitch: { killed: false },
        module: { name: 'crm', enabled: true },
        userOverride: { value: null },
        tenantOverride: { value: false },
        entitlement: { plan: 'pro', value: true },
        rollout: { percentage: 100, stickiness: 'user', stickyOn: 'user', bucket: rolloutBucket(editor.key, 'u-9'), inRollout: true },
        platformValue: { value: false },
        default: { value: false },
      },
    });
  });
});
