import { isAbsolute, resolve } from 'node:path';
import { isModuleDefinition } from '@tessera/module-sdk';
import type { LoadedModule } from './loaded-module';
import { ModuleRegistryError, type RegistryProblem } from './registry-problem';

function resolveSpecifier(specifier: string, cwd: string): string {
  const isPath = specifier.startsWith('.') || isAbsolute(specifier);
  return require.resolve(isPath ? resolve(cwd, specifier) : specifier, { paths: [cwd] });
}

/**
 * Loads third-party modules named in configuration (npm package names or paths). Each package's entry
 * must export exactly one module definition. No core change is needed to add one: install the package
 * and list it in MODULES.
 *
 * @throws ModuleRegistryError listing every package that could not be loaded.
 */
export function loadModulePackages(specifiers: readonly string[], cwd = process.cwd()): LoadedModule[] {
  const loaded: LoadedModule[] = [];
  const problems: RegistryProblem[] = [];
  for (const specifier of specifiers) {
    let exported: Record<string, unknown>;
    try {
      // Synchronous require on purpose: module packages are CommonJS or require()-able ESM, loaded once at boot.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      exported = require(resolveSpecifier(specifier, cwd)) as Record<string, unknown>;
    } catch (error) {
      const notFound = (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && String((error as Error).message).includes(specifier);
      problems.push({
        module: specifier,
        problem: notFound
          ? `the package "${specifier}" listed in MODULES is not installed.`
          : `the package "${specifier}" listed in MODULES failed to load: ${(error as Error).message}`,
        fix: notFound
          ? `run "npm install ${specifier}", or remove it from MODULES.`
          : 'fix the error above in the package, or remove it from MODULES.',
      });
      continue;
    }
    const definitions = [...new Set(Object.values(exported))].filter(isModuleDefinition);
    if (definitions.length !== 1) {
      problems.push({
        module: specifier,
        problem:
          definitions.length === 0
            ? `the package "${specifier}" exports no module definition.`
            : `the package "${specifier}" exports ${definitions.length} module definitions (${definitions.map((d) => d.name).join(', ')}); a package provides one module.`,
        fix:
          definitions.length === 0
            ? 'export the result of defineModule({...}) from the package entry (e.g. `export const myModule = defineModule({...})`).'
            : 'split the package so that each module has its own package.',
      });
      continue;
    }
    loaded.push({ definition: definitions[0]!, source: specifier });
  }
  if (problems.length > 0) throw new ModuleRegistryError(problems);
  return loaded;
}
