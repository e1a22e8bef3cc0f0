const { existsSync, readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

/**
 * Architecture rules, enforced in `npm run lint` (part of `npm test`):
 * - no import cycles anywhere;
 * - a module imports @tessera/module-sdk and the front door (src/index.ts) of other modules, nothing else
 *   of the platform, and only workspace packages its package.json declares (dev dependencies in tests);
 * - libraries never import modules or apps (except the built-in module list, which is the composition);
 * - the SDK's contract never imports the kernel (only its test harness does).
 */

/** Files of a module that are never built into its package: unit and e2e specs, and test folders. */
const MODULE_TEST_FILE = '(\\.(spec|e2e-spec)\\.ts$|/test/)';
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * One pair of rules per module: it may import the workspace packages (other modules, the SDK) listed in its
 * package.json `dependencies`, and in its tests also those in `devDependencies`. An import the manifest does
 * not declare works in the monorepo (workspaces are hoisted) but breaks an installed package.
 */
function declaredWorkspaceDependencyRules() {
  const folders = { '@tessera/module-sdk': 'libs/module-sdk' };
  const manifests = [];
  for (const entry of readdirSync(join(__dirname, 'modules'), { withFileTypes: true })) {
    const file = join(__dirname, 'modules', entry.name, 'package.json');
    if (!entry.isDirectory() || !existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    folders[manifest.name] = `modules/${entry.name}`;
    manifests.push({ folder: `modules/${entry.name}`, manifest });
  }
  const allowed = (folder, names) => [`^${escapeRegExp(folder)}/`, ...names.filter((name) => folders[name]).map((name) => `^${escapeRegExp(folders[name])}/`)];
  return manifests.flatMap(({ folder, manifest }) => {
    const runtime = Object.keys(manifest.dependencies ?? {});
    const dev = Object.keys(manifest.devDependencies ?? {});
    const from = `^${escapeRegExp(folder)}/`;
    const to = '^(modules/[^/]+|libs/module-sdk)/';
    return [
      {
        name: 'module-imports-declared-packages',
        severity: 'error',
        comment: `${manifest.name} imports a workspace package missing from the dependencies of ${folder}/package.json: declare it (and, for a module, in dependsOn).`,
        from: { path: from, pathNot: MODULE_TEST_FILE },
        to: { path: to, pathNot: allowed(folder, runtime) },
      },
      {
        name: 'module-tests-import-declared-packages',
        severity: 'error',
        comment: `A test of ${manifest.name} imports a workspace package missing from the dependencies and devDependencies of ${folder}/package.json.`,
        from: { path: `${from}.*${MODULE_TEST_FILE}` },
        to: { path: to, pathNot: allowed(folder, [...runtime, ...dev]) },
      },
    ];
  });
}

module.exports = {
  forbidden: [
    ...declaredWorkspaceDependencyRules(),
    { name: 'no-circular', severity: 'error', comment: 'Import cycles hide ownership; split a contract out instead.', from: {}, to: { circular: true } },
    {
      name: 'module-uses-only-the-sdk',
      severity: 'error',
      comment: 'A module imports @tessera/module-sdk (and its testing entry in tests), never the kernel or other libraries.',
      from: { path: '^modules/' },
      to: { path: '^(libs/(?!module-sdk/)|config/|apps/)' },
    },
    {
      name: 'module-front-door-only',
      severity: 'error',
      comment:
        "Depend on another module's published contract (its src/index.ts), never on its internals. Tests may also use its test helpers (src/testing/index.ts).",
      from: { path: '^modules/([^/]+)/' },
      to: { path: '^modules/[^/]+/', pathNot: ['^modules/$1/', '^modules/[^/]+/src/index\\.ts$', '^modules/[^/]+/src/testing/index\\.ts$'] },
    },
    {
      name: 'module-test-helpers-only-in-tests',
      severity: 'error',
      comment: "Another module's test helpers are for test files only.",
      from: { path: '^modules/([^/]+)/', pathNot: '\\.(spec|e2e-spec)\\.ts$' },
      to: { path: '^modules/[^/]+/src/testing/', pathNot: '^modules/$1/' },
    },
    {
      name: 'libraries-do-not-import-modules',
      severity: 'error',
      from: { path: '^(libs/(?!builtin-modules/)|config/src/)' },
      to: { path: '^(modules|apps)/' },
    },
    {
      name: 'sdk-contract-stands-alone',
      severity: 'error',
      comment: 'The contract is what third parties build against; the kernel implements it, not the other way round.',
      from: { path: '^libs/module-sdk/src/' },
      to: { path: '^(libs/(?!module-sdk/)|config/)' },
    },
    {
      name: 'config-stands-alone',
      severity: 'error',
      from: { path: '^config/src/' },
      to: { path: '^(libs/(?!module-sdk/)|modules|apps)/' },
    },
    {
      name: 'apps-are-leaves',
      severity: 'error',
      comment: 'Nothing imports an app.',
      from: { pathNot: '^apps/' },
      to: { path: '^apps/' },
    },
    { name: 'not-to-unresolvable', severity: 'error', from: {}, to: { couldNotResolve: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // bench/.out: the benches' compiled servers and profiles (git-ignored, as in eslint's ignores).
    exclude: { path: '(^|/)(dist|node_modules)/|\\.tessera/|test/fixtures/|^bench/\\.out/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['development', 'require', 'node', 'default'],
      mainFields: ['main', 'types'],
      extensions: ['.ts', '.js', '.json', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
