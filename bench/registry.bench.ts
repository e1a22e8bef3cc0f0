/**
 * Registry: resolving the module graph and booting the host, each against a bare baseline: a plain
 * topological sort of the same graph, a bare Nest application with as many empty modules importing one
 * another along the same graph, a bare Nest process. `npm run bench -- registry`.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { builtinModules } from '@tessera/builtin-modules';
import { PLATFORM_VERSION, resolveModuleGraph, type LoadedModule } from '@tessera/kernel';
import type { ModuleDefinition } from '@tessera/module-sdk';
import { createTestDatabase, startTestPlatform } from '@tessera/module-sdk/testing';
import { saveResult, type BenchRow } from './lib/bench-result';
import { PLATFORM_BENCH_ENV, startServer } from './lib/bench-server';
import { bareNestGraph } from './lib/synthetic-graph';
import { syntheticModules } from './lib/synthetic-modules';
import { interleave, interleaveSides, median } from './lib/sampling';
import { withBenchServices } from './lib/services';

const BOOT_ROUNDS = 3;
const loaded = (defs: readonly ModuleDefinition[]): LoadedModule[] => defs.map((definition) => ({ definition, source: 'built-in' }));

/** The bare minimum of resolution: Kahn's algorithm over the dependency lists, no validation, no versions, no cycle report. */
function bareTopologicalOrder(defs: readonly ModuleDefinition[]): string[] {
  const remaining = new Map(defs.map((def) => [def.name, Object.keys(def.dependsOn ?? {}).length]));
  const dependents = new Map<string, string[]>(defs.map((def) => [def.name, []]));
  for (const def of defs) for (const dep of Object.keys(def.dependsOn ?? {})) dependents.get(dep)!.push(def.name);
  const ready = defs.filter((def) => remaining.get(def.name) === 0).map((def) => def.name);
  const order: string[] = [];
  while (ready.length > 0) {
    const name = ready.shift()!;
    order.push(name);
    for (const dependent of dependents.get(name)!) {
      const count = remaining.get(dependent)! - 1;
      remaining.set(dependent, count);
      if (count === 0) ready.push(dependent);
    }
  }
  return order;
}

/** Milliseconds per call, over enough calls to last a few ms at least. */
function msPerCall(fn: () => unknown, calls: number): number {
  const started = performance.now();
  for (let i = 0; i < calls; i++) fn();
  return (performance.now() - started) / calls;
}

async function resolveRow(label: string, defs: readonly ModuleDefinition[], calls: number, target?: string): Promise<BenchRow> {
  const platform = () => msPerCall(() => resolveModuleGraph(loaded(defs), PLATFORM_VERSION), calls);
  const bare = () => msPerCall(() => bareTopologicalOrder(defs), calls);
  platform();
  bare();
  const samples = await interleave(7, async () => platform(), async () => bare());
  const value = median(samples.a);
  const baseline = median(samples.b);
  return { metric: `resolve ${label}`, value, unit: 'ms', baseline, ratio: baseline / value, ...(target ? { target } : {}), note: 'bare: Kahn\'s algorithm, nothing checked' };
}

/** createPlatform to ready, in this process (code already loaded), then closed. */
async function platformBootMs(modules: readonly ModuleDefinition[], database?: Awaited<ReturnType<typeof createTestDatabase>>): Promise<number> {
  const started = performance.now();
  const t = await startTestPlatform({ modules, env: { ...PLATFORM_BENCH_ENV, LOG_LEVEL: 'silent' }, ...(database ? { database } : {}) });
  const elapsed = performance.now() - started;
  await t.close();
  return elapsed;
}

/** A bare Nest application with `count` empty modules along the synthetic graph, created and initialised, then closed. */
async function bareNestBootMs(count: number): Promise<number> {
  @Module({ imports: bareNestGraph(count) })
  class BareRootModule {}
  const started = performance.now();
  const app = await NestFactory.create(BareRootModule, { logger: false });
  await app.init();
  const elapsed = performance.now() - started;
  await app.close();
  return elapsed;
}

void withBenchServices(async () => {
  const synthetic200 = syntheticModules(200);
  const rows: BenchRow[] = [
    await resolveRow(`built-in modules (${builtinModules.length})`, builtinModules, 2000),
    await resolveRow('200 synthetic modules', synthetic200, 50),
    await resolveRow('1,000 synthetic modules', syntheticModules(1000), 5, '< 1,000 ms'),
  ];

  // Boots against a migrated database (a restart: the usual boot), interleaved with bare Nest boots.
  const database = await createTestDatabase();
  try {
    const fresh: number[] = [];
    for (let i = 0; i < 2; i++) fresh.push(await platformBootMs(builtinModules));
    await platformBootMs(builtinModules, database); // migrates `database`, and warms this process
    const withSynthetic = [...builtinModules, ...syntheticModules(200, { nest: true })];
    const [builtIn, plus200, bare0, bare200] = await interleaveSides(BOOT_ROUNDS, [
      () => platformBootMs(builtinModules, database),
      () => platformBootMs(withSynthetic, database),
      () => bareNestBootMs(0),
      () => bareNestBootMs(200),
    ]);
    const perModule = (median(plus200!) - median(builtIn!)) / 200;
    const barePerModule = (median(bare200!) - median(bare0!)) / 200;
    rows.push(
      { metric: 'boot in process, built-in modules, migrated database', value: median(builtIn!), unit: 'ms', baseline: median(bare0!), ratio: median(bare0!) / median(builtIn!), note: 'bare: an empty Nest app (context: the platform also connects PostgreSQL and Redis, checks isolation, boots modules)' },
      { metric: 'boot in process, built-ins + 200 synthetic modules, migrated database', value: median(plus200!), unit: 'ms', baseline: median(bare200!), ratio: median(bare200!) / median(plus200!), note: 'bare: a Nest app with 200 empty modules along the same graph' },
      { metric: 'boot cost per added module (200 synthetic, each with an empty Nest module)', value: perModule, unit: 'ms', baseline: barePerModule, ratio: barePerModule / perModule, note: '(boot with 200 − boot without) / 200, both sides' },
      { metric: 'first boot in process, built-in modules, fresh database (migrations)', value: median(fresh), unit: 'ms', note: 'context: creating and migrating a database, once per deployment' },
    );

    // The host as a process: start to listening, compiled code (what `npm start` runs), against the migrated database.
    const hostBoots: number[] = [];
    const bareBoots: number[] = [];
    for (let round = 0; round < BOOT_ROUNDS; round++) {
      const sides = [
        async () => {
          const host = await startServer({ label: 'api host', file: 'platform.server', factory: 'startPlatform', options: { modules: 'builtin' }, database });
          hostBoots.push(host.bootMs);
          await host.close();
        },
        async () => {
          const nest = await startServer({ label: 'bare Nest', file: 'bare-nest.server', factory: 'startBareNest' });
          bareBoots.push(nest.bootMs);
          await nest.close();
        },
      ];
      for (const side of round % 2 ? sides.reverse() : sides) await side();
    }
    rows.push({
      metric: 'api host process boot, built-in modules (process start to listening)',
      value: median(hostBoots),
      unit: 'ms',
      baseline: median(bareBoots),
      ratio: median(bareBoots) / median(hostBoots),
      note: 'bare: a Nest process with one controller; both compiled, loading code included',
    });
  } finally {
    await database.drop();
  }

  saveResult({
    name: 'registry',
    title: 'Registry: resolve and boot',
    command: 'npm run bench -- registry',
    rows,
    notes: [
      'Resolution = definition validation (zod) + duplicate/version checks (semver) + Tarjan cycle search + Kahn order with a name-ordered heap; the bare baseline is Kahn\'s algorithm alone on the same graph. Median of 7 interleaved samples, each the mean of many calls.',
      'Synthetic graph: layers of 20 modules, each depending on 3 of the layer below (bench/lib/synthetic-graph.ts). For boots, each synthetic module carries an empty Nest module, which the registry composes (platform core and dependencies imported, its config, logger, Redis and jobs providers); the bare Nest app imports as many empty modules along the same graph.',
      `In-process boots: startTestPlatform (createPlatform) to ready against an already migrated database, so what is measured is a restart: configuration, resolution, database connection, the isolation guardrail queries, Redis, Nest's dependency injection, the modules' onBoot; medians of ${BOOT_ROUNDS} interleaved rounds. Code is already loaded in this process.`,
      'Process boot: a child process running compiled code (npm run build), from process start to listening (performance.now() in the child), against the migrated database; it includes loading the code, which the in-process figures do not.',
      'Ratios read bare / platform (the platform\'s share of the bare speed). The built-ins boot ratio against an empty Nest app is context, not a target: the platform connects to PostgreSQL and Redis and checks isolation before it serves.',
    ],
  });
});
