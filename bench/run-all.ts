/**
 * `npm run bench [-- name ...]`: runs every bench/*.bench.ts (or the named ones) one after another in
 * its own process, then writes bench/RESULTS.md from every area's committed result (bench/results/*.json).
 * `npm run bench -- --report` only rewrites RESULTS.md. Never part of `npm test`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatNumber, RESULTS_DIR, type BenchResult } from './lib/bench-result';
import { machineSummary } from './lib/machine';

const root = join(__dirname, '..');
const reportOnly = process.argv.includes('--report');
const wanted = process.argv.slice(2).filter((arg) => arg !== '--report');
const benches = reportOnly
  ? []
  : readdirSync(__dirname)
      .filter((file) => file.endsWith('.bench.ts'))
      .map((file) => file.replace(/\.bench\.ts$/, ''))
      .filter((name) => wanted.length === 0 || wanted.includes(name))
      .sort();

const noSave = Boolean(process.env.BENCH_NO_SAVE);
const started = Date.now();
for (const name of benches) {
  console.log(`\n### bench: ${name}`);
  const areaStarted = Date.now();
  const run = spawnSync(process.execPath, ['--conditions=development', '-r', '@swc-node/register', `bench/${name}.bench.ts`], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'silent' },
  });
  const seconds = Math.round((Date.now() - areaStarted) / 1000);
  console.log(`### bench: ${name} took ${seconds} s`);
  if (run.status !== 0) console.error(`bench ${name} failed with exit code ${run.status}`);
  else if (!noSave) recordDuration(name, seconds);
}
// A trial run (BENCH_NO_SAVE) keeps every committed result and RESULTS.md as they are.
if (noSave) process.exit(0);

/** The last run of every area together (the 15-minute budget is for that), kept for `--report`. */
const FULL_RUN_FILE = join(RESULTS_DIR, 'full-run.txt');
if (!reportOnly && wanted.length === 0) {
  writeFileSync(FULL_RUN_FILE, `${new Date().toISOString()} ${Math.round((Date.now() - started) / 1000)}\n`);
}
const fullRun = existsSync(FULL_RUN_FILE) ? readFileSync(FULL_RUN_FILE, 'utf8').trim().split(' ') : undefined;

/** Adds the area's wall-clock time (process start to exit) to its saved result, for RESULTS.md. */
function recordDuration(name: string, seconds: number): void {
  const file = join(RESULTS_DIR, `${name}.json`);
  if (!existsSync(file)) return;
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), durationSeconds: seconds }, null, 2));
}

const results = existsSync(RESULTS_DIR)
  ? readdirSync(RESULTS_DIR)
      .filter((file) => file.endsWith('.json'))
      .map((file) => JSON.parse(readFileSync(join(RESULTS_DIR, file), 'utf8')) as BenchResult & { measuredAt: string; durationSeconds?: number })
      .sort((a, b) => a.name.localeCompare(b.name))
  : [];

const lines = [
  '# Benchmark results',
  '',
  'Written by `npm run bench` (one area: `npm run bench -- <name>`). Every ratio compares the platform with a bare',
  'baseline measured in the same run, interleaved where possible, because this machine is noisy. Figures are',
  'from the last run of each area; rerun to refresh.',
  '',
  `- Machine: ${machineSummary()}`,
  fullRun ? `- Last run of every area together (\`npm run bench\`): ${fullRun[0]}, ${fullRun[1]} s.` : '- Every area has not yet run together.',
  '- Each section says when and with what command its area was measured, and how long it took.',
  '',
];
for (const result of results) {
  const took = result.durationSeconds === undefined ? '' : ` (the area took ${result.durationSeconds} s)`;
  lines.push(`## ${result.title}`, '', `Measured ${result.measuredAt} with \`${result.command}\`${took}.`, '');
  lines.push('| metric | platform | bare baseline | ratio | target | note |', '|---|---|---|---|---|---|');
  for (const row of result.rows) {
    lines.push(
      `| ${row.metric} | ${formatNumber(row.value)} ${row.unit} | ${row.baseline === undefined ? '' : `${formatNumber(row.baseline)} ${row.unit}`} | ${row.ratio === undefined ? '' : row.ratio.toFixed(3)} | ${row.target ?? ''} | ${row.note ?? ''} |`,
    );
  }
  if (result.notes?.length) lines.push('', ...result.notes.map((note) => `- ${note}`));
  lines.push('');
}
writeFileSync(join(__dirname, 'RESULTS.md'), lines.join('\n'));
console.log(`\nwrote bench/RESULTS.md (${results.length} areas)`);
