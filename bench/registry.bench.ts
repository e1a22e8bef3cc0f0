/**
 * Registry: resolving the module graph (built-ins, 200 and 1,000 synthetic modules) and booting the host
 * (built-ins, and 200 synthetic modules) against a bare NestJS application boot.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { builtinModules } from '@tessera/builtin-modules';
import { PLATFORM_VERSION, resolveModuleGraph, type LoadedModule } from '@tessera/kernel';
import { defineModule, type ModuleDefinition } from '@tessera/module-sdk';
import { startTestPlatform } from '@tessera/module-sdk/testing';
import { saveResult, type BenchRow } from './lib/bench-result';
import { median } from './lib/sampling';
import { withBenchServices } from './lib/services';

function synthetic(count: number): ModuleDefinition[] {
  return Array.from({ length: count }, (_, i) => {
    const layer = Math.floor(i / 20);
    const dependsOn: Record<string, string> = {};
    if (layer > 0) for (let k = 0; k < 3; k++) dependsOn[`synthetic-${(layer - 1) * 20 + ((i + k * 7) % 20)}`] = '^1.0.0';
    return defineModule({ name: `synthetic-${i}`, version: '1.0.0', platform: '^1.0.0', dependsOn });
  });
}

const loaded = (defs: readonly ModuleDefinition[]): LoadedModule[] => defs.map((definition) => ({ definition, source: 'built-in' }));

function resolveMs(defs: readonly ModuleDefinition[], rounds: number): number {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    resolveModuleGraph(loaded(defs), PLATFORM_VERSION);
    samples.push(performance.now() - started);
  }
  return median(samples);
}

async function bareNestBootMs(): Promise<number> {
  @Module({})
  class EmptyModule {}
  const started = performance.now();
  const app = await NestFactory.create(EmptyModule, { logger: false });
  await app.init();
  const elapsed = performance.now() - started;
  await app.close();
  return elapsed;
}

async function platformBootMs(modules: readonly ModuleDefinition[]): Promise<number> {
  const started = performance.now();
  const t = await startTestPlatform({ modules, env: { DOCS_ENABLED: 'false' } });
  const elapsed = performance.now() - started;
  await t.close();
  return elapsed;
}

void withBenchServices(async () => {
  const rows: BenchRow[] = [
    { metric: `resolve built-in modules (${builtinModules.length})`, value: resolveMs(builtinModules, 200), unit: 'ms' },
    { metric: 'resolve 200 synthetic modules', value: resolveMs(synthetic(200), 50), unit: 'ms' },
    { metric: 'resolve 1,000 synthetic modules', value: resolveMs(synthetic(1000), 10), unit: 'ms', target: '< 1,000 ms' },
  ];

  // Boots interleave with a bare Nest boot so machine drift hits both. The platform figure includes creating
  // and migrating a fresh database, which a restart of a real deployment does not pay.
  const bare: number[] = [];
  const builtIn: number[] = [];
  const withSynthetic: number[] = [];
  for (let round = 0; round < 3; round++) {
    bare.push(await bareNestBootMs());
    builtIn.push(await platformBootMs(builtinModules));
    withSynthetic.push(await platformBootMs([...builtinModules, ...synthetic(200)]));
  }
  const bareMs = median(bare);
  rows.push(
    { metric: 'bare NestJS boot (empty module)', value: bareMs, unit: 'ms' },
    { metric: 'platform boot, built-in modules (fresh database + migrations)', value: median(builtIn), unit: 'ms', baseline: bareMs },
    { metric: 'platform boot, built-ins + 200 synthetic modules', value: median(withSynthetic), unit: 'ms', baseline: bareMs },
  );
  saveResult({
    name: 'registry',
    title: 'Registry: resolve and boot',
    command: 'npm run bench -- registry',
    rows,
    notes: [
      'Resolution = definition validation (zod) + duplicate/version checks + Tarjan cycle search + Kahn order with a heap.',
      'Boot figures are medians of 3 interleaved rounds and include creating a database, migrating it, and the isolation guardrail queries; ratios against a bare Nest boot are not meaningful for that reason, the bare figure is context.',
    ],
  });
});
