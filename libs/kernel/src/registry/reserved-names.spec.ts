import { defineModule } from '@tessera/module-sdk';
import { migrationPlan } from '../bootstrap/open-database';
import { validateDefinition } from './validate-definition';
import { RESERVED_MODULE_NAMES } from './reserved-names';

const problemsOf = (name: string) =>
  validateDefinition({ source: 'built-in', definition: defineModule({ name, version: '1.0.0', platform: '^1.0.0' }) });

describe('reserved module names', () => {
  it('refuses a module named "search", saying what uses the name and how to fix it', () => {
    expect(problemsOf('search')).toEqual([
      {
        module: 'search',
        problem: 'the name "search" is reserved by the platform, for the search index\'s migrations.',
        fix: expect.stringMatching(/^choose another module name; reserved: audit, capabilities, docs, files, flags, health, .*search/),
      },
    ]);
  });

  it('reserves every migration namespace the platform runs before the modules (a new library cannot forget it)', () => {
    const libraryNamespaces = migrationPlan([]).map((set) => set.module);
    expect(libraryNamespaces).toEqual(expect.arrayContaining(['platform', 'audit', 'flags', 'jobs', 'files', 'search']));
    expect(libraryNamespaces.filter((name) => !RESERVED_MODULE_NAMES.has(name))).toEqual([]);
    for (const name of libraryNamespaces) expect(problemsOf(name)).toHaveLength(1);
  });

  it('accepts a name that merely starts like a reserved one', () => {
    expect(problemsOf('search-ui')).toEqual([]);
  });
});
