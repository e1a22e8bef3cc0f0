/**
 * Architecture rules, enforced in `npm run lint` (part of `npm test`):
 * - no import cycles anywhere;
 * - a module imports @tessera/module-sdk and the front door (src/index.ts) of other modules, nothing else
 *   of the platform;
 * - libraries never import modules or apps (except the built-in module list, which is the composition);
 * - the SDK's contract never imports the kernel (only its test harness does).
 */
module.exports = {
  forbidden: [
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
