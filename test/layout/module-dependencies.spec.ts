import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isModuleDefinition, type ModuleDefinition } from '@tessera/module-sdk';

// `npm run lint` (dependency-cruiser) lets a module import only the workspace packages its package.json
// declares. This is the other half: every module package it declares as a runtime dependency is also in its
// definition's `dependsOn`, so the registry boots that module first and refuses to start without it.
const root = join(__dirname, '..', '..');

interface ModulePackage {
  readonly folder: string;
  readonly name: string;
  readonly dependencies: readonly string[];
}

const packages: ModulePackage[] = readdirSync(join(root, 'modules'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(root, 'modules', entry.name, 'package.json')))
  .map((entry) => {
    const manifest = JSON.parse(readFileSync(join(root, 'modules', entry.name, 'package.json'), 'utf8')) as { name: string; dependencies?: Record<string, string> };
    return { folder: `modules/${entry.name}`, name: manifest.name, dependencies: Object.keys(manifest.dependencies ?? {}) };
  });

/** The one definition a module package's front door exports. */
function definitionOf(pkg: string): ModuleDefinition {
  const found = Object.values(jest.requireActual<Record<string, unknown>>(pkg)).filter(isModuleDefinition);
  if (found.length !== 1) throw new Error(`${pkg} exports ${found.length} module definitions; expected one.`);
  return found[0]!;
}

describe('module dependencies', () => {
  it('finds every module package', () => {
    expect(packages.map((p) => p.name)).toEqual(expect.arrayContaining(['@tessera/auth', '@tessera/contacts', '@tessera/custom-fields']));
  });

  it.each(packages.map((p) => [p.folder, p] as const))('%s: every module package in its dependencies is in dependsOn', (_folder, pkg) => {
    const moduleNames = new Set(packages.map((p) => p.name));
    const required = pkg.dependencies.filter((name) => moduleNames.has(name)).map((name) => definitionOf(name).name);
    const declared = Object.keys(definitionOf(pkg.name).dependsOn ?? {});
    expect(required.filter((name) => !declared.includes(name))).toEqual([]);
  });
});
