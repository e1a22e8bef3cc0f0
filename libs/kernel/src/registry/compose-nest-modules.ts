import type { DynamicModule, Type } from '@nestjs/common';
import { FlagsRuntime } from '@tessera/flags';
import { FEATURE_FLAGS, JOB_QUEUE, MODULE_CONFIG, MODULE_LOGGER, MODULE_REDIS, type JobQueue, type ModuleLogger, type ModuleRedis } from '@tessera/module-sdk';
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
 * are injectable, and nothing else is), and it receives its own config, logger and feature-flag client.
 */
export function composeNestModules(
  order: readonly LoadedModule[],
  platformServices: DynamicModule,
  configOf: (name: string) => Readonly<Record<string, unknown>>,
  loggerOf: (name: string) => ModuleLogger,
  redisOf?: (name: string) => ModuleRedis,
  jobQueueOf?: (name: string) => JobQueue,
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
      providers: [
        { provide: MODULE_CONFIG, useValue: configOf(definition.name) },
        { provide: MODULE_LOGGER, useValue: loggerOf(definition.name) },
        ...(redisOf ? [{ provide: MODULE_REDIS, useValue: redisOf(definition.name) }] : []),
        // The module's own OpenFeature client, bound to this platform instance's domain.
        { provide: FEATURE_FLAGS, useFactory: (flags: FlagsRuntime) => flags.clientFor(definition.name), inject: [FlagsRuntime] },
        // Each module's own JobQueue: it enqueues its jobs and those of the modules it depends on.
        ...(jobQueueOf ? [{ provide: JOB_QUEUE, useValue: jobQueueOf(definition.name) }] : []),
      ],
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
