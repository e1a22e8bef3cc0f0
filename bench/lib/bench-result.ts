import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One measured figure, optionally against a baseline measured side by side in the same run. */
export interface BenchRow {
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  /** The bare baseline's figure for the same metric, when there is one. */
  readonly baseline?: number;
  /** value / baseline, or baseline / value for "lower is better" metrics: always "platform as a share of bare". */
  readonly ratio?: number;
  /** The target this figure is held to, in words (e.g. ">= 0.6"). */
  readonly target?: string;
  readonly note?: string;
}

export interface BenchResult {
  /** File-safe name, e.g. `flags`. */
  readonly name: string;
  readonly title: string;
  /** How to rerun it. */
  readonly command: string;
  readonly rows: readonly BenchRow[];
  /** What was measured, how, and what the figures mean (profiling findings go here). */
  readonly notes?: readonly string[];
}

/** Scratch space (compiled servers, CPU profiles): git-ignored. */
export const OUT_DIR = join(__dirname, '..', '.out');
/**
 * Each area's last result, committed: RESULTS.md is generated from every file here, so rerunning one area
 * (in any checkout) refreshes its section without dropping the others.
 */
export const RESULTS_DIR = join(__dirname, '..', 'results');

/** Saves a result where `npm run bench` collects it into bench/RESULTS.md. */
export function saveResult(result: BenchResult): void {
  // A profiling run (npm run bench:profile) has too few rounds to be figures: print, do not save.
  if (process.env.BENCH_NO_SAVE) console.log('\n(BENCH_NO_SAVE: result printed, not saved)');
  else {
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(join(RESULTS_DIR, `${result.name}.json`), JSON.stringify({ ...result, measuredAt: new Date().toISOString() }, null, 2));
  }
  console.log(`\n${result.title}`);
  for (const row of result.rows) {
    const ratio = row.ratio === undefined ? '' : `  ratio ${row.ratio.toFixed(3)}`;
    const baseline = row.baseline === undefined ? '' : `  (bare ${formatNumber(row.baseline)} ${row.unit})`;
    console.log(`  ${row.metric}: ${formatNumber(row.value)} ${row.unit}${baseline}${ratio}`);
  }
}

export function formatNumber(value: number): string {
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}
