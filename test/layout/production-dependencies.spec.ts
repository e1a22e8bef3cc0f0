import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The image installs with `npm prune --omit=dev` (deploy/docker): a runtime dependency that the lockfile holds
// only as a dev dependency (for instance because the same package is also listed in devDependencies) is pruned
// and the built host fails at boot. The smoke test keeps dev dependencies, so only this check catches it.
const root = join(__dirname, '..', '..');
const readJson = <T>(file: string): T => JSON.parse(readFileSync(join(root, file), 'utf8')) as T;

interface Manifest {
  name: string;
  workspaces?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
interface LockEntry {
  dev?: boolean;
  link?: boolean;
  resolved?: string;
}
const lock = readJson<{ packages: Record<string, LockEntry> }>('package-lock.json').packages;
const workspaces = Object.entries(lock)
  .filter(([path, entry]) => path !== '' && !path.includes('node_modules/') && !entry.link)
  .map(([path]) => path);

/** The lockfile entry Node would load `dependency` from inside `workspace` (nested first, then hoisted). */
function installed(workspace: string, dependency: string): [string, LockEntry] | undefined {
  for (const path of [`${workspace}/node_modules/${dependency}`, `node_modules/${dependency}`]) {
    const entry = lock[path];
    if (entry) return [path, entry];
  }
  return undefined;
}

describe('production dependencies', () => {
  it('finds the workspaces in the lockfile', () => {
    expect(workspaces).toEqual(expect.arrayContaining(['libs/kernel', 'modules/contacts', 'apps/api']));
  });

  it.each(workspaces)('%s: no package is both a dependency and a dev dependency', (workspace) => {
    const manifest = readJson<Manifest>(`${workspace}/package.json`);
    const both = Object.keys(manifest.dependencies ?? {}).filter((name) => name in (manifest.devDependencies ?? {}));
    expect(both).toEqual([]);
  });

  it.each(workspaces)('%s: every dependency survives npm prune --omit=dev', (workspace) => {
    const manifest = readJson<Manifest>(`${workspace}/package.json`);
    const pruned = Object.keys(manifest.dependencies ?? {})
      .map((name) => [name, installed(workspace, name)] as const)
      .filter(([, found]) => !found || (found[1].dev === true && !found[1].link))
      .map(([name, found]) => `${name} (${found ? `${found[0]} is marked dev` : 'not in the lockfile'})`);
    expect(pruned).toEqual([]);
  });
});
