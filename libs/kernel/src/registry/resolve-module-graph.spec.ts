import { defineModule, type ModuleDefinitionInput } from '@tessera/module-sdk';
import type { LoadedModule } from './loaded-module';
import { ModuleRegistryError } from './registry-problem';
import { resolveModuleGraph } from './resolve-module-graph';

const mod = (input: Partial<ModuleDefinitionInput> & { name: string }, source = 'built-in'): LoadedModule => ({
  definition: defineModule({ version: '1.0.0', platform: '^1.0.0', ...input }),
  source,
});

const names = (order: readonly LoadedModule[]) => order.map(({ definition }) => definition.name);

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ModuleRegistryError) return error.problems.map((p) => `[${p.module}] ${p.problem} | ${p.fix}`);
    throw error;
  }
  throw new Error('expected the registry to refuse');
}

describe('resolveModuleGraph', () => {
  it('orders a diamond dependencies-first with ties broken by name', () => {
    const order = resolveModuleGraph(
      [
        mod({ name: 'app', dependsOn: { left: '^1.0.0', right: '^1.0.0' } }),
        mod({ name: 'right', dependsOn: { base: '^1.0.0' } }),
        mod({ name: 'left', dependsOn: { base: '^1.0.0' } }),
        mod({ name: 'base' }),
      ],
      '1.0.0',
    );
    expect(names(order)).toEqual(['base', 'left', 'right', 'app']);
  });

  it('gives the same order whatever order the modules are listed in', () => {
    const modules = [
      mod({ name: 'c', dependsOn: { a: '*' } }),
      mod({ name: 'b' }),
      mod({ name: 'a' }),
      mod({ name: 'd', dependsOn: { b: '*', c: '*' } }),
    ];
    const expected = names(resolveModuleGraph(modules, '1.0.0'));
    expect(expected).toEqual(['a', 'b', 'c', 'd']);
    expect(names(resolveModuleGraph([...modules].reverse(), '1.0.0'))).toEqual(expected);
  });

  it('refuses a missing dependency, naming who needs what and which range', () => {
    const problems = problemsOf(() => resolveModuleGraph([mod({ name: 'contacts', dependsOn: { 'custom-fields': '^1.0.0' } })], '1.0.0'));
    expect(problems).toEqual([
      '[contacts] depends on "custom-fields" (^1.0.0), which is not loaded. | add the package that provides "custom-fields" to MODULES, or remove "custom-fields" from the dependsOn of contacts.',
    ]);
  });

  it('refuses a dependency whose version does not satisfy the range', () => {
    const problems = problemsOf(() =>
      resolveModuleGraph([mod({ name: 'contacts', dependsOn: { 'custom-fields': '^2.0.0' } }), mod({ name: 'custom-fields', version: '1.4.0' })], '1.0.0'),
    );
    expect(problems).toEqual([
      '[contacts] depends on "custom-fields" ^2.0.0, but "custom-fields" 1.4.0 is loaded. | load a version of "custom-fields" within ^2.0.0, or update contacts to a release that supports custom-fields 1.4.0.',
    ]);
  });

  it('refuses a module built for another platform version', () => {
    const problems = problemsOf(() => resolveModuleGraph([mod({ name: 'tickets', platform: '^2.0.0' }, '@acme/tickets')], '1.3.0'));
    expect(problems).toEqual([
      '[tickets] requires platform ^2.0.0, but this platform is 1.3.0. | use a release of @acme/tickets built for platform 1.3.0, or run a platform version within ^2.0.0.',
    ]);
  });

  it('refuses a duplicate name, naming both sources', () => {
    const problems = problemsOf(() =>
      resolveModuleGraph([mod({ name: 'contacts' }), mod({ name: 'contacts', version: '2.0.0' }, '@acme/contacts')], '1.0.0'),
    );
    expect(problems).toEqual([
      '[contacts] is defined twice: by built-in (1.0.0) and by @acme/contacts (2.0.0). | load each module once: remove one of the two packages from MODULES.',
    ]);
  });

  it('refuses a cycle and prints its full path', () => {
    const problems = problemsOf(() =>
      resolveModuleGraph(
        [
          mod({ name: 'a', dependsOn: { b: '*' } }),
          mod({ name: 'b', dependsOn: { c: '*' } }),
          mod({ name: 'c', dependsOn: { a: '*' } }),
          mod({ name: 'd', dependsOn: { a: '*' } }),
        ],
        '1.0.0',
      ),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^\[a\] is part of a dependency cycle: a -> b -> c -> a\. \| break the cycle/);
  });

  it('refuses a module that depends on itself', () => {
    const problems = problemsOf(() => resolveModuleGraph([mod({ name: 'a', dependsOn: { a: '*' } })], '1.0.0'));
    expect(problems[0]).toContain('a dependency cycle: a -> a.');
  });

  it('reports every problem at once', () => {
    const problems = problemsOf(() =>
      resolveModuleGraph(
        [mod({ name: 'x', dependsOn: { missing: '^1.0.0' }, platform: '^9.0.0' }), mod({ name: 'y', dependsOn: { z: '*' } }), mod({ name: 'z', dependsOn: { y: '*' } })],
        '1.0.0',
      ),
    );
    expect(problems).toHaveLength(3);
  });

  it('orders an optional dependency before the module when present and ignores it when absent', () => {
    const withEnrichment = resolveModuleGraph([mod({ name: 'contacts', optionalDependsOn: { enrichment: '^1.0.0' } }), mod({ name: 'enrichment' })], '1.0.0');
    expect(names(withEnrichment)).toEqual(['enrichment', 'contacts']);
    const without = resolveModuleGraph([mod({ name: 'contacts', optionalDependsOn: { enrichment: '^1.0.0' } })], '1.0.0');
    expect(names(without)).toEqual(['contacts']);
  });

  it('refuses a present optional dependency outside its range', () => {
    const problems = problemsOf(() =>
      resolveModuleGraph([mod({ name: 'contacts', optionalDependsOn: { enrichment: '^2.0.0' } }), mod({ name: 'enrichment' })], '1.0.0'),
    );
    expect(problems[0]).toContain('[contacts] can use "enrichment" ^2.0.0, but "enrichment" 1.0.0 is loaded.');
  });

  it('refuses an invalid definition, naming the field', () => {
    const problems = problemsOf(() =>
      resolveModuleGraph([mod({ name: 'Bad_Name' }), mod({ name: 'ok', version: 'one', dependsOn: { x: 'not a range' } })], '1.0.0'),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('definition field "name" must be kebab-case'),
        expect.stringContaining('[ok] definition field "version" must be a valid semver version'),
        expect.stringContaining('[ok] definition field "dependsOn.x" must be a valid semver range'),
      ]),
    );
  });

  it('refuses permissions outside the module namespace and duplicate migrations', () => {
    const problems = problemsOf(() =>
      resolveModuleGraph(
        [
          mod({
            name: 'notes',
            permissions: [{ key: 'contacts.read', description: 'x' }],
            migrations: [
              { name: '0001', up: 'SELECT 1' },
              { name: '0001', up: 'SELECT 2' },
            ],
          }),
        ],
        '1.0.0',
      ),
    );
    expect(problems).toEqual([
      '[notes] permission "contacts.read" is outside the module\'s namespace. | name it "notes.<action>".',
      '[notes] migration "0001" is declared twice. | give every migration a unique name.',
    ]);
  });

  it('resolves a 1,000-module graph correctly', () => {
    // A layered graph: each module depends on up to three modules of the previous layer.
    const modules: LoadedModule[] = [];
    for (let i = 0; i < 1000; i++) {
      const layer = Math.floor(i / 50);
      const deps: Record<string, string> = {};
      if (layer > 0) for (let k = 0; k < 3; k++) deps[`m-${(layer - 1) * 50 + ((i + k * 7) % 50)}`] = '^1.0.0';
      modules.push(mod({ name: `m-${i}`, dependsOn: deps }));
    }
    const order = resolveModuleGraph(modules.reverse(), '1.0.0');
    expect(order).toHaveLength(1000);
    const position = new Map(order.map(({ definition }, index) => [definition.name, index]));
    for (const { definition } of order) {
      for (const dep of Object.keys(definition.dependsOn ?? {})) expect(position.get(dep)!).toBeLessThan(position.get(definition.name)!);
    }
  });
});
