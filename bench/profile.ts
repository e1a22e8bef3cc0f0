/**
 * `npm run bench:profile -- <area> [side]`: runs one HTTP area with the CPU profiler on the sides whose label
 * contains [side] (default "platform"), after one short measured round, and prints each profile's summary
 * (top functions by self time, self time by package). The profiles stay in bench/.out/profiles; the
 * area's saved result is left alone (these rounds are too few to be figures).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const [area, side = 'platform'] = process.argv.slice(2);
if (!area) {
  console.error('usage: npm run bench:profile -- <area> [side label text]');
  process.exit(2);
}
const run = spawnSync(process.execPath, ['--conditions=development', '-r', '@swc-node/register', `bench/${area}.bench.ts`], {
  cwd: join(__dirname, '..'),
  stdio: 'inherit',
  env: {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    BENCH_PROFILE: side,
    BENCH_ROUNDS: process.env.BENCH_ROUNDS ?? '1',
    BENCH_ROUND_SECONDS: process.env.BENCH_ROUND_SECONDS ?? '3',
    BENCH_NO_SAVE: '1',
  },
});
process.exit(run.status ?? 1);
