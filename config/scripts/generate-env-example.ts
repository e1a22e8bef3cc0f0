/**
 * Writes .env.example from the platform schema and every built-in module's namespace.
 * `--check` fails (exit 1) when the committed file differs, so the file cannot drift from the code.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinModules } from '@tessera/builtin-modules';
import { renderEnvExample } from '@tessera/config';

const target = join(__dirname, '..', '..', '.env.example');
const expected = renderEnvExample(
  builtinModules.filter((m) => m.config).map((m) => ({ module: m.name, schema: m.config! })),
);

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // a missing file is drift too
  }
  if (current !== expected) {
    process.stderr.write('.env.example is out of date with the configuration schemas. Run `npm run env:example` and commit the result.\n');
    process.exit(1);
  }
  process.stdout.write('.env.example matches the configuration schemas.\n');
} else {
  writeFileSync(target, expected);
  process.stdout.write(`wrote ${target}\n`);
}
