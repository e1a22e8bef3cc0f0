import type { DynamicModule, Provider, Type } from '@nestjs/common';
import type { LoadedModule } from './loaded-module';
import { controllersOf } from './nest-module-metadata';
import { presentDependencies } from './resolve-module-graph';

export interface ComposedModules {
  /** One dynamic module per Tessera module that has a Nest module, in boot order. */
  readonly imports: readonly DynamicModule[];
  readonly byName: ReadonlyMap<string, DynamicModule>;
  /** Controller class → owning module. */
  readonly controllerOwners: ReadonlyMap<Type<unknown>, string>;
}

/**
 * Wraps each module's Nest module so the registry, not the author, wires it: it imports the platform's
 * services and the Nest modules of the modules it declares as dependencies (so their exported providers
 * are injectable, and nothing else is), and it receives the providers that are its own (its config,
 * logger, Redis namespace, job queue, events, feature-flag client: see `moduleProviders`).
 */
export function composeNestModules(
  order: readonly LoadedModule[],
  platformServices: DynamicModule,
  providersOf: (module: string) => Provider[],
): ComposedModules {
  const byName = new Map<string, DynamicModule>();
  const present = new Set(order.map(({ definition }) => definition.name));
  for (const { definition } of order) {
    if (!definition.nestModule) continue;
    const dependencies = presentDependencies(definition, present)
      .map((dep) => byName.get(dep))
      .filter((dep): dep is DynamicModule => dep !== undefined);
    byName.set(definition.name, {
      module: definition.nestModule,
      imports: [platformServices, ...dependencies],
      providers: providersOf(definition.name),
    });
  }
  const nestClasses = new Set(order.map(({ definition }) => definition.nestModule).filter(Boolean));
  const controllerOwners = new Map<Type<unknown>, string>();
  for (const { definition } of order) {
    if (!definition.nestModule) continue;
    for (const controller of controllersOf(definition.nestModule, nestClasses)) controllerOwners.set(controller, definition.name);
  }
  return { imports: [...byName.values()], byName, controllerOwners };
}
