import type { ModuleContext } from '@tessera/module-sdk';
import type { Logger } from 'pino';
import type { ModuleRegistry, ModuleRuntime } from '../registry/module-registry';
import { ModuleBootError } from './module-boot.error';
import { withTimeout } from './with-timeout';

/** Builds the context a module's hooks and health checks receive. */
export type ModuleContextFactory = (runtime: ModuleRuntime) => ModuleContext;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs every module's `onBoot` in dependency order. A module whose required dependency failed is
 * failed too. A non-critical failure is recorded and logged; a critical one throws `ModuleBootError`.
 */
export async function bootModules(
  registry: ModuleRegistry,
  contextOf: ModuleContextFactory,
  options: { timeoutMs: number; logger: Logger },
): Promise<void> {
  for (const runtime of registry.all()) {
    const { name } = runtime.definition;
    const failedDependency = Object.keys(runtime.definition.dependsOn ?? {}).find((dep) => registry.get(dep)?.state === 'failed');
    if (failedDependency) {
      runtime.state = 'failed';
      runtime.error = `its dependency "${failedDependency}" failed to boot.`;
    } else {
      runtime.state = 'booting';
      const started = performance.now();
      try {
        await withTimeout(runtime.definition.hooks?.onBoot?.(contextOf(runtime)), options.timeoutMs, `onBoot of module "${name}"`);
        runtime.state = 'running';
        runtime.bootMs = Math.round(performance.now() - started);
        continue;
      } catch (error) {
        runtime.state = 'failed';
        runtime.error = describe(error);
      }
    }
    if (runtime.critical) throw new ModuleBootError(name, runtime.error!);
    options.logger.error({ module: name, reason: runtime.error }, `module "${name}" failed to boot; the platform continues without it (degraded)`);
  }
}

/**
 * Runs `onShutdown` of every module that was running, in reverse boot order, within one overall time
 * budget. A hook that throws or overruns is logged and the next module still shuts down.
 */
export async function shutdownModules(
  registry: ModuleRegistry,
  contextOf: ModuleContextFactory,
  options: { budgetMs: number; logger: Logger },
): Promise<void> {
  const deadline = performance.now() + options.budgetMs;
  for (const runtime of [...registry.all()].reverse()) {
    if (runtime.state !== 'running') continue;
    const { name } = runtime.definition;
    runtime.state = 'stopping';
    const left = Math.max(1, Math.round(deadline - performance.now()));
    try {
      await withTimeout(runtime.definition.hooks?.onShutdown?.(contextOf(runtime)), left, `onShutdown of module "${name}"`);
    } catch (error) {
      options.logger.error({ module: name, reason: describe(error) }, `module "${name}" did not shut down cleanly`);
    }
    runtime.state = 'stopped';
  }
}
