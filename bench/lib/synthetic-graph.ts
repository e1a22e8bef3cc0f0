import { Module, type DynamicModule, type Type } from '@nestjs/common';

const LAYER = 20;

/**
 * The generated module graph of the registry benches: layers of 20 modules, each depending on 3 modules
 * of the layer below. Only @nestjs/common here: the bare Nest server imports this file and nothing of ours.
 */
export function syntheticDependencies(i: number): string[] {
  const layer = Math.floor(i / LAYER);
  if (layer === 0) return [];
  return [...new Set([0, 1, 2].map((k) => `synthetic-${(layer - 1) * LAYER + ((i + k * 7) % LAYER)}`))];
}

/** An empty Nest module class with its own name. */
export function emptyNestModule(name: string): Type<unknown> {
  @Module({})
  class SyntheticNestModule {}
  Object.defineProperty(SyntheticNestModule, 'name', { value: name });
  return SyntheticNestModule;
}

/** The bare counterpart of the synthetic modules: `count` empty Nest modules importing one another along the same graph. */
export function bareNestGraph(count: number): DynamicModule[] {
  const byName = new Map<string, DynamicModule>();
  for (let i = 0; i < count; i++) {
    byName.set(`synthetic-${i}`, { module: emptyNestModule(`Bare${i}NestModule`), imports: syntheticDependencies(i).map((dep) => byName.get(dep)!) });
  }
  return [...byName.values()];
}
