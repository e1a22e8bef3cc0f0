import type { ModuleDefinition, TenantEnablement } from '@tessera/module-sdk';

/** A tenant's explicit choices: module name → on/off. Modules without a choice follow the defaults. */
export type ExplicitChoices = ReadonlyMap<string, boolean>;

/** One module whose explicit choice or effective state a change alters. */
export interface ModuleChange {
  readonly module: string;
  readonly before: { readonly enabled: boolean; readonly choice: boolean | null };
  readonly after: { readonly enabled: boolean; readonly choice: boolean | null };
}

export type ChangePlan =
  | { readonly kind: 'change'; readonly choices: ExplicitChoices; readonly changes: readonly ModuleChange[]; readonly turnedOn: readonly string[]; readonly turnedOff: readonly string[] }
  | { readonly kind: 'always-on'; readonly module: string }
  | { readonly kind: 'has-dependents'; readonly module: string; readonly dependents: readonly string[] };

/**
 * The loaded modules as a dependency graph for per-tenant enablement: which modules a tenant has when
 * it never chose (the defaults), which can never be switched off, and what enabling or disabling one
 * module does to the others. Pure: no database, no clock.
 *
 * Effective rule: a module is on for a tenant when it is always-on, or when its choice (explicit, else
 * the default) is on AND every module it requires is on. The second half keeps the set consistent even
 * if the defaults change under a tenant's explicit choices.
 */
export class TenantModuleGraph {
  /** Module names in boot order (dependencies first). */
  readonly names: readonly string[];
  readonly alwaysOn: ReadonlySet<string>;
  /** What a tenant that has not chosen has: the default modules, their requirements and the always-on ones. */
  readonly defaults: ReadonlySet<string>;
  private readonly requires: ReadonlyMap<string, readonly string[]>;
  private readonly defaultEffective: ReadonlySet<string>;

  /**
   * @param defaultList TENANT_DEFAULT_MODULES: when non-empty, replaces every definition's default-on/opt-in.
   * @throws Error naming the unknown modules of `defaultList`.
   */
  constructor(modules: readonly ModuleDefinition[], defaultList: readonly string[] = []) {
    const present = new Set(modules.map((m) => m.name));
    this.names = modules.map((m) => m.name);
    this.requires = new Map(modules.map((m) => [m.name, Object.keys(m.dependsOn ?? {}).filter((dep) => present.has(dep))]));
    const unknown = defaultList.filter((name) => !present.has(name));
    if (unknown.length > 0) {
      throw new Error(
        `TENANT_DEFAULT_MODULES names module${unknown.length > 1 ? 's' : ''} that ${unknown.length > 1 ? 'are' : 'is'} not loaded: ${unknown.join(', ')}.\n` +
          `  Fix: list only loaded modules (${this.names.join(', ')}), or leave it empty to let each module's definition decide.`,
      );
    }
    const modeOf = (m: ModuleDefinition): TenantEnablement => (m.authenticator ? 'always-on' : (m.enablement ?? 'default-on'));
    this.alwaysOn = this.closure(modules.filter((m) => modeOf(m) === 'always-on').map((m) => m.name));
    const chosen = defaultList.length > 0 ? defaultList : modules.filter((m) => modeOf(m) === 'default-on').map((m) => m.name);
    this.defaults = new Set([...this.closure(chosen), ...this.alwaysOn]);
    this.defaultEffective = this.effective(new Map());
  }

  has(name: string): boolean {
    return this.requires.has(name);
  }

  /** Modules `name` requires directly (loaded ones only). */
  requirementsOf(name: string): readonly string[] {
    return this.requires.get(name) ?? [];
  }

  /** The modules on for a tenant with these explicit choices. */
  effective(choices: ExplicitChoices): ReadonlySet<string> {
    if (choices.size === 0 && this.defaultEffective) return this.defaultEffective;
    const on = new Set<string>();
    for (const name of this.names) {
      if (this.alwaysOn.has(name)) {
        on.add(name);
        continue;
      }
      const chosen = choices.get(name) ?? this.defaults.has(name);
      if (chosen && this.requirementsOf(name).every((dep) => on.has(dep))) on.add(name);
    }
    return on;
  }

  /** Switch `module` on, and every module it requires (transitively) that is off. */
  planEnable(module: string, choices: ExplicitChoices): ChangePlan {
    const before = this.effective(choices);
    const next = new Map(choices);
    next.set(module, true);
    for (const dep of this.closure([module])) if (!before.has(dep)) next.set(dep, true);
    return this.plan(choices, next);
  }

  /**
   * Switch `module` off. Refused when it is always-on, or when modules that are on require it and
   * `cascade` is false (the refusal names them); with `cascade`, they are switched off too.
   */
  planDisable(module: string, choices: ExplicitChoices, cascade: boolean): ChangePlan {
    if (this.alwaysOn.has(module)) return { kind: 'always-on', module };
    const before = this.effective(choices);
    const dependents = this.names.filter((name) => name !== module && before.has(name) && this.closure([name]).has(module));
    if (dependents.length > 0 && !cascade) return { kind: 'has-dependents', module, dependents };
    const next = new Map(choices);
    for (const name of [module, ...dependents]) next.set(name, false);
    return this.plan(choices, next);
  }

  private plan(choices: ExplicitChoices, next: ExplicitChoices): ChangePlan {
    const before = this.effective(choices);
    const after = this.effective(next);
    const changes: ModuleChange[] = [];
    for (const name of this.names) {
      const [was, is] = [choices.get(name) ?? null, next.get(name) ?? null];
      if (was === is && before.has(name) === after.has(name)) continue;
      changes.push({ module: name, before: { enabled: before.has(name), choice: was }, after: { enabled: after.has(name), choice: is } });
    }
    return {
      kind: 'change',
      choices: next,
      changes,
      turnedOn: this.names.filter((name) => after.has(name) && !before.has(name)),
      turnedOff: this.names.filter((name) => before.has(name) && !after.has(name)).reverse(),
    };
  }

  /** `roots` and every module they require, transitively. */
  private closure(roots: readonly string[]): Set<string> {
    const seen = new Set<string>();
    const stack = [...roots];
    while (stack.length > 0) {
      const name = stack.pop()!;
      if (seen.has(name)) continue;
      seen.add(name);
      stack.push(...this.requirementsOf(name));
    }
    return seen;
  }
}
