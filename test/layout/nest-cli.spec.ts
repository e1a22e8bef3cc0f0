import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// nest-cli.json describes the same projects `npm run build` (tsc -b tsconfig.build.json) builds, so the Nest
// CLI (`nest build api`, `nest generate ... --project auth`) and the real build never disagree.
const root = join(__dirname, '..', '..');
const readJson = <T>(file: string): T => JSON.parse(readFileSync(join(root, file), 'utf8')) as T;

interface NestProject {
  type: 'application' | 'library';
  root: string;
  sourceRoot: string;
  entryFile: string;
  compilerOptions: { tsConfigPath: string; builder: string };
}
const nestCli = readJson<{ monorepo: boolean; root: string; projects: Record<string, NestProject> }>('nest-cli.json');
const built = readJson<{ references: { path: string }[] }>('tsconfig.build.json').references.map((reference) => reference.path);
const projects = Object.entries(nestCli.projects);

describe('nest-cli.json', () => {
  it('is a monorepo whose default project is apps/api', () => {
    expect(nestCli.monorepo).toBe(true);
    expect(nestCli.root).toBe('apps/api');
  });

  it('names exactly the projects tsconfig.build.json builds (add a new package to both)', () => {
    expect(projects.map(([, project]) => project.root).sort()).toEqual([...built].sort());
  });

  it.each(projects)('points %s at its tsconfig, with tsc as the builder and an entry file that exists', (_name, project) => {
    expect(project.compilerOptions).toMatchObject({ builder: 'tsc', tsConfigPath: `${project.root}/tsconfig.json` });
    expect(existsSync(join(root, project.compilerOptions.tsConfigPath))).toBe(true);
    expect(project.type).toBe(project.root.startsWith('apps/') ? 'application' : 'library');
    expect(existsSync(join(root, project.sourceRoot, `${project.entryFile}.ts`))).toBe(true);
  });
});
