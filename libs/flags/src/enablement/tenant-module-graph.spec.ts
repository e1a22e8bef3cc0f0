import { defineModule, type ModuleDefinition, type TenantEnablement } from '@tessera/module-sdk';
import { TenantModuleGraph } from './tenant-module-graph';

const mod = (name: string, dependsOn: string[] = [], enablement?: TenantEnablement, extra: Partial<ModuleDefinition> = {}) =>
  defineModule({ name, version: '1.0.0', platform: '^1.0.0', dependsOn: Object.fromEntries(dependsOn.map((d) => [d, '^1.0.0'])), enablement, ...extra });

// auth (authenticates: always on) · base ← reports ← dashboards · beta (opt-in) · export ← base
const modules = [
  mod('auth', [], undefined, { authenticator: class {} as never }),
  mod('base'),
  mod('reports', ['base']),
  mod('dashboards', ['reports']),
  mod('beta', [], 'opt-in'),
  mod('export', ['base']),
];
const graph = new TenantModuleGraph(modules);
const none = new Map<string, boolean>();

describe('per-tenant module enablement', () => {
  it('starts a tenant with every module that is not opt-in, and always with the authenticating module', () => {
    expect([...graph.effective(none)]).toEqual(['auth', 'base', 'reports', 'dashboards', 'export']);
    expect(graph.alwaysOn).toEqual(new Set(['auth']));
  });

  it('starts a tenant with TENANT_DEFAULT_MODULES (plus what they require) when set', () => {
    const configured = new TenantModuleGraph(modules, ['reports', 'beta']);
    expect([...configured.effective(none)].sort()).toEqual(['auth', 'base', 'beta', 'reports']);
  });

  it('refuses a TENANT_DEFAULT_MODULES entry that names no loaded module', () => {
    expect(() => new TenantModuleGraph(modules, ['reports', 'billing'])).toThrow(/not loaded: billing/);
  });

  it('enables the required modules along with the requested one', () => {
    const off = new Map([['base', false]]);
    expect(graph.effective(off).has('dashboards')).toBe(false);
    const plan = graph.planEnable('dashboards', off);
    if (plan.kind !== 'change') throw new Error(plan.kind);
    expect(plan.turnedOn).toEqual(['base', 'reports', 'dashboards', 'export']);
    expect(plan.choices.get('base')).toBe(true);
    expect(graph.effective(plan.choices).has('dashboards')).toBe(true);
  });

  it('refuses to disable a module that enabled modules require, naming them', () => {
    expect(graph.planDisable('base', none, false)).toEqual({ kind: 'has-dependents', module: 'base', dependents: ['reports', 'dashboards', 'export'] });
  });

  it('disables the dependents too when asked to cascade, dependents first', () => {
    const plan = graph.planDisable('base', none, true);
    if (plan.kind !== 'change') throw new Error(plan.kind);
    expect(plan.turnedOff).toEqual(['export', 'dashboards', 'reports', 'base']);
    expect([...graph.effective(plan.choices)]).toEqual(['auth']);
  });

  it('disables a leaf module without touching the others', () => {
    const plan = graph.planDisable('dashboards', none, false);
    if (plan.kind !== 'change') throw new Error(plan.kind);
    expect(plan.changes.map((c) => c.module)).toEqual(['dashboards']);
  });

  it('refuses to disable an always-on module, even with cascade', () => {
    expect(graph.planDisable('auth', none, true)).toEqual({ kind: 'always-on', module: 'auth' });
  });

  it('records an explicit choice for a module that was on by default, without turning anything on', () => {
    const plan = graph.planEnable('base', none);
    if (plan.kind !== 'change') throw new Error(plan.kind);
    expect(plan.changes).toEqual([{ module: 'base', before: { enabled: true, choice: null }, after: { enabled: true, choice: true } }]);
    expect(plan.turnedOn).toEqual([]);
  });

  it('reports no change when the tenant already chose the asked state', () => {
    const plan = graph.planEnable('base', new Map([['base', true]]));
    expect(plan.kind === 'change' && plan.changes).toEqual([]);
  });

  it('keeps a module off while a module it requires is off, whatever its own choice', () => {
    expect(graph.effective(new Map([['base', false], ['reports', true]])).has('reports')).toBe(false);
  });
});
