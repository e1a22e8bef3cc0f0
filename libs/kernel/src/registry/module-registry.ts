import type { ModuleDefinition } from '@tessera/module-sdk';
import type { LoadedModule } from './loaded-module';
import { presentDependencies } from './resolve-module-graph';

/** Where a module is in its life. `failed` modules stay loaded; their routes answer 503. */
export type ModuleState = 'registered' | 'booting' | 'running' | 'failed' | 'stopping' | 'stopped';

/** A loaded module and what happened to it so far. */
export interface ModuleRuntime {
  readonly definition: ModuleDefinition;
  readonly source: string;
  readonly critical: boolean;
  state: ModuleState;
  /** Why the module failed, for operators (never shown to anonymous callers). */
  error?: string;
  bootMs?: number;
}

/**
 * The modules of this process in boot order, with their state. One instance per process; the source of
 * truth for introspection, readiness and the 503 gate on a failed module's routes.
 */
export class ModuleRegistry {
  private readonly runtimes: Map<string, ModuleRuntime>;
  private readonly controllerOwners = new Map<unknown, string>();

  constructor(order: readonly LoadedModule[]) {
    this.runtimes = new Map(
      order.map(({ definition, source }) => [
        definition.name,
        { definition, source, critical: definition.critical ?? true, state: 'registered' as ModuleState },
      ]),
    );
  }

  /** Every module, dependencies before dependents. */
  all(): readonly ModuleRuntime[] {
    return [...this.runtimes.values()];
  }

  get(name: string): ModuleRuntime | undefined {
    return this.runtimes.get(name);
  }

  /** True when `name` is loaded and running (what a module checks before using an optional dependency). */
  isRunning(name: string): boolean {
    return this.runtimes.get(name)?.state === 'running';
  }

  /** The loaded modules `name` depends on (required, and optional ones that are present). */
  dependenciesOf(name: string): string[] {
    const runtime = this.runtimes.get(name);
    return runtime ? presentDependencies(runtime.definition, this.runtimes) : [];
  }

  registerController(controller: unknown, module: string): void {
    this.controllerOwners.set(controller, module);
  }

  /** The module that owns a controller class, or `undefined` for the platform's own controllers. */
  ownerOf(controller: unknown): string | undefined {
    return this.controllerOwners.get(controller);
  }
}
