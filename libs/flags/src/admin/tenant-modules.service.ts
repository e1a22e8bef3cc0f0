import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_LOG, ConflictError, NotFoundError, TesseraError, type AuditLog, type TenantModuleContext } from '@tessera/module-sdk';
import { TenantScope } from '@tessera/persistence';
import type { ModuleChange } from '../enablement/tenant-module-graph';
import { FLAGS_OPTIONS, type FlagsOptions } from '../flags.options';
import { FlagsRuntime } from '../flags-runtime.service';
import { currentActor, outsideTransactionOnly } from './actor';
import { pageOf, type Page } from './page';

/** A loaded module as one tenant has it. */
export interface TenantModuleView {
  readonly name: string;
  readonly version: string;
  readonly description: string | null;
  readonly enabled: boolean;
  /** The tenant's explicit choice; `null`: it follows the default. */
  readonly choice: boolean | null;
  /** What a tenant that never chose has. */
  readonly enabledByDefault: boolean;
  readonly alwaysOn: boolean;
  /** Modules it requires (enabling it enables them). */
  readonly requires: readonly string[];
  /** False when the module failed to boot in this process (its routes answer 503). */
  readonly available: boolean;
}

export interface ModuleChangeResult {
  readonly module: string;
  readonly enabled: boolean;
  /** Every module whose state or choice changed, in the order the change applied; empty when nothing changed. */
  readonly changes: readonly ModuleChange[];
}

/**
 * Lists and changes which modules a tenant has. A change runs in one transaction in the tenant's scope:
 * the new choices, the modules' onTenantEnable/onTenantDisable hooks and one audit entry per module
 * commit together or not at all; then every instance is told.
 */
@Injectable()
export class TenantModulesService {
  constructor(
    private readonly runtime: FlagsRuntime,
    private readonly scope: TenantScope,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
    @Inject(FLAGS_OPTIONS) private readonly options: FlagsOptions,
  ) {}

  async list(tenantId: string, cursor: string | undefined, limit: number): Promise<Page<TenantModuleView>> {
    const state = await this.runtime.tenantState(tenantId);
    if (!state.exists) throw new NotFoundError('TENANT_NOT_FOUND', `Tenant ${tenantId} was not found.`);
    const { graph } = this.runtime;
    const views = this.options.catalog
      .modules()
      .map(
        (definition): TenantModuleView => ({
          name: definition.name,
          version: definition.version,
          description: definition.description ?? null,
          enabled: state.enabled.has(definition.name),
          choice: state.moduleChoices.get(definition.name) ?? null,
          enabledByDefault: graph.defaults.has(definition.name),
          alwaysOn: graph.alwaysOn.has(definition.name),
          requires: graph.requirementsOf(definition.name),
          available: this.options.catalog.isRunning(definition.name),
        }),
      )
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    return pageOf(views, (view) => view.name, cursor, limit);
  }

  /**
   * Switches `module` on (with every module it requires) or off. Switching off a module that enabled
   * modules require is refused with 409 `MODULE_HAS_DEPENDENTS` naming them, unless `cascade`.
   */
  async setEnabled(tenantId: string, module: string, enabled: boolean, cascade = false): Promise<ModuleChangeResult> {
    outsideTransactionOnly(this.runtime.store.inTransaction());
    const { graph, store } = this.runtime;
    if (!graph.has(module)) throw new NotFoundError('MODULE_NOT_FOUND', `No loaded module is named "${module}".`, { module });
    let changes: readonly ModuleChange[];
    try {
      changes = await this.scope.run(tenantId, async () => {
        await store.lock(`tenant:${tenantId}`);
        if (!(await store.tenantExists(tenantId))) throw new NotFoundError('TENANT_NOT_FOUND', `Tenant ${tenantId} was not found.`);
        const choices = await store.moduleChoices(tenantId);
        const plan = enabled ? graph.planEnable(module, choices) : graph.planDisable(module, choices, cascade);
        if (plan.kind === 'always-on') {
          throw new ConflictError('MODULE_ALWAYS_ON', `The module "${module}" is always on for every tenant and cannot be disabled.`, { module });
        }
        if (plan.kind === 'has-dependents') {
          throw new ConflictError(
            'MODULE_HAS_DEPENDENTS',
            `The module "${module}" cannot be disabled: ${plan.dependents.join(', ')} ${plan.dependents.length > 1 ? 'are' : 'is'} enabled and require${plan.dependents.length > 1 ? '' : 's'} it. ` +
              'Disable them first, or send "cascade": true to disable them too.',
            { module, dependents: plan.dependents },
          );
        }
        this.assertHooksCanRun([...plan.turnedOn, ...plan.turnedOff]);
        const actor = currentActor();
        for (const change of plan.changes) {
          if (change.after.choice !== null && change.after.choice !== change.before.choice) {
            await store.writeModuleChoice(tenantId, change.module, change.after.choice, actor);
          }
        }
        for (const name of plan.turnedOn) await this.runHook(name, 'onTenantEnable', tenantId);
        for (const name of plan.turnedOff) await this.runHook(name, 'onTenantDisable', tenantId);
        for (const change of plan.changes) {
          await this.audit.record({
            action: change.before.enabled === change.after.enabled ? 'modules.choice-changed' : change.after.enabled ? 'modules.enabled' : 'modules.disabled',
            target: { type: 'module', id: change.module },
            before: change.before,
            after: change.after,
            metadata: {
              requested: { module, enabled, cascade },
              cause: change.module === module ? 'requested' : enabled ? 'required by the requested module' : 'requires the requested module (cascade)',
            },
          });
        }
        return plan.changes;
      });
    } finally {
      // Whatever was cached during the transaction may hold uncommitted state: drop it, committed or not.
      this.runtime.forget(tenantId);
    }
    if (changes.length > 0) await this.runtime.changed({ kind: 'tenant', tenantId });
    return { module, enabled, changes };
  }

  /**
   * Runs the onTenantEnable hook of every module a new tenant starts with (the defaults, in dependency
   * order), in the tenant's scope and the caller's transaction: the tenant creation fails if one fails.
   * A module that is not running here is skipped with a warning.
   */
  async initializeTenant(tenantId: string): Promise<void> {
    await this.scope.run(tenantId, async () => {
      const enabled = this.runtime.graph.effective(new Map());
      for (const name of this.runtime.graph.names) {
        if (!enabled.has(name)) continue;
        if (!this.options.catalog.isRunning(name)) {
          this.options.logger.warn({ module: name, tenantId }, `module "${name}" is not running: its onTenantEnable hook did not run for the new tenant`);
          continue;
        }
        await this.runHook(name, 'onTenantEnable', tenantId);
      }
    });
  }

  private assertHooksCanRun(modules: readonly string[]): void {
    for (const name of modules) {
      const hooks = this.options.catalog.modules().find((definition) => definition.name === name)?.hooks;
      if ((hooks?.onTenantEnable || hooks?.onTenantDisable) && !this.options.catalog.isRunning(name)) {
        throw new TesseraError('unavailable', 'MODULE_UNAVAILABLE', `The module "${name}" is not running, so its tenant hooks cannot run; retry when it is.`, {
          module: name,
        });
      }
    }
  }

  private async runHook(name: string, hook: 'onTenantEnable' | 'onTenantDisable', tenantId: string): Promise<void> {
    const definition = this.options.catalog.modules().find((candidate) => candidate.name === name)!;
    const run = definition.hooks?.[hook];
    if (!run) return;
    const context: TenantModuleContext = { ...this.options.catalog.contextOf(name), tenantId };
    try {
      await run(context);
    } catch (error) {
      if (error instanceof TesseraError) throw error;
      this.options.logger.error({ err: { message: (error as Error).message }, module: name, hook, tenantId }, `${hook} of module "${name}" failed`);
      throw new TesseraError('internal', 'MODULE_HOOK_FAILED', `The ${hook} hook of the module "${name}" failed; nothing was changed.`, { module: name, hook });
    }
  }
}
