import semver from 'semver';
import type { LoadedModule } from './loaded-module';
import { findCycles } from './find-cycles';
import { ModuleRegistryError, type RegistryProblem } from './registry-problem';
import { validateDefinition } from './validate-definition';
import { MinHeap } from './min-heap';

const satisfies = (version: string, range: string) => semver.satisfies(version, range, { includePrerelease: true });

function checkDependencies(modules: ReadonlyMap<string, LoadedModule>, platformVersion: string): RegistryProblem[] {
  const problems: RegistryProblem[] = [];
  for (const { definition: def, source } of modules.values()) {
    if (!satisfies(platformVersion, def.platform)) {
      problems.push({
        module: def.name,
        problem: `requires platform ${def.platform}, but this platform is ${platformVersion}.`,
        fix: `use a release of ${source === 'built-in' ? def.name : source} built for platform ${platformVersion}, or run a platform version within ${def.platform}.`,
      });
    }
    for (const [dep, range] of Object.entries(def.dependsOn ?? {})) {
      const target = modules.get(dep);
      if (!target) {
        problems.push({
          module: def.name,
          problem: `depends on "${dep}" (${range}), which is not loaded.`,
          fix: `add the package that provides "${dep}" to MODULES, or remove "${dep}" from the dependsOn of ${def.name}.`,
        });
      } else if (!satisfies(target.definition.version, range)) {
        problems.push({
          module: def.name,
          problem: `depends on "${dep}" ${range}, but "${dep}" ${target.definition.version} is loaded.`,
          fix: `load a version of "${dep}" within ${range}, or update ${def.name} to a release that supports ${dep} ${target.definition.version}.`,
        });
      }
    }
    for (const [dep, range] of Object.entries(def.optionalDependsOn ?? {})) {
      const target = modules.get(dep);
      if (target && !satisfies(target.definition.version, range)) {
        problems.push({
          module: def.name,
          problem: `can use "${dep}" ${range}, but "${dep}" ${target.definition.version} is loaded.`,
          fix: `load a version of "${dep}" within ${range}, or widen ${def.name}'s optionalDependsOn range.`,
        });
      }
    }
  }
  return problems;
}

/** Names of the loaded modules `name` depends on: required ones, and optional ones that are present. */
export function presentDependencies(def: LoadedModule['definition'], loaded: ReadonlySet<string> | ReadonlyMap<string, unknown>): string[] {
  const optional = Object.keys(def.optionalDependsOn ?? {}).filter((dep) => loaded.has(dep));
  return [...Object.keys(def.dependsOn ?? {}), ...optional];
}

/**
 * Validates every definition and the graph they form, and returns the boot order: dependencies before
 * dependents, ties broken by name, so the same set of modules always boots in the same order.
 *
 * @throws ModuleRegistryError with every problem found (invalid definitions, duplicate names, missing
 *   dependencies, unsatisfied versions, cycles with their full path).
 */
export function resolveModuleGraph(loaded: readonly LoadedModule[], platformVersion: string): LoadedModule[] {
  const problems: RegistryProblem[] = loaded.flatMap(validateDefinition);
  if (problems.length > 0) throw new ModuleRegistryError(problems);

  const byName = new Map<string, LoadedModule>();
  for (const module of loaded) {
    const existing = byName.get(module.definition.name);
    if (existing) {
      problems.push({
        module: module.definition.name,
        problem: `is defined twice: by ${existing.source} (${existing.definition.version}) and by ${module.source} (${module.definition.version}).`,
        fix: 'load each module once: remove one of the two packages from MODULES.',
      });
    } else {
      byName.set(module.definition.name, module);
    }
  }
  problems.push(...checkDependencies(byName, platformVersion));

  const edges = new Map<string, string[]>();
  for (const [name, { definition }] of byName) {
    edges.set(name, presentDependencies(definition, byName).filter((dep) => byName.has(dep)));
  }
  for (const cycle of findCycles(edges)) {
    problems.push({
      module: cycle[0]!,
      problem: `is part of a dependency cycle: ${cycle.join(' -> ')}.`,
      fix: 'break the cycle: make one of these dependencies optional, or move what both need into a contract one of them owns (for example an event).',
    });
  }
  if (problems.length > 0) throw new ModuleRegistryError(problems);

  // Kahn's algorithm with a name-ordered ready set.
  const remaining = new Map([...edges].map(([name, deps]) => [name, deps.length]));
  const dependents = new Map<string, string[]>([...edges.keys()].map((name) => [name, []]));
  for (const [name, deps] of edges) for (const dep of deps) dependents.get(dep)!.push(name);
  const ready = new MinHeap<string>((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [name, count] of remaining) if (count === 0) ready.push(name);
  const order: LoadedModule[] = [];
  for (let name = ready.pop(); name !== undefined; name = ready.pop()) {
    order.push(byName.get(name)!);
    for (const dependent of dependents.get(name)!) {
      const count = remaining.get(dependent)! - 1;
      remaining.set(dependent, count);
      if (count === 0) ready.push(dependent);
    }
  }
  return order;
}
