import { defineModule, type ModuleDefinition } from '@tessera/module-sdk';
import { emptyNestModule, syntheticDependencies } from './synthetic-graph';

/**
 * `count` module definitions in the generated graph (`synthetic-graph.ts`). With `nest`, each carries an
 * empty Nest module, so the host composes it (platform core and dependencies imported, its own config and
 * logger providers) like a real module's.
 */
export function syntheticModules(count: number, options: { nest?: boolean } = {}): ModuleDefinition[] {
  return Array.from({ length: count }, (_, i) =>
    defineModule({
      name: `synthetic-${i}`,
      version: '1.0.0',
      platform: '^1.0.0',
      dependsOn: Object.fromEntries(syntheticDependencies(i).map((dep) => [dep, '^1.0.0'])),
      ...(options.nest ? { nestModule: emptyNestModule(`Synthetic${i}NestModule`) } : {}),
    }),
  );
}
