/** Median of a list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The ratio of two sides round by round (the sides of one round ran closer in time than two rounds did), its
 * median and range: steadier on a shared machine than a ratio of two medians.
 */
export function perRoundRatios(values: readonly number[], baselines: readonly number[]): { ratio: number; range: string } {
  const ratios = values.map((value, i) => value / baselines[i]!);
  return { ratio: median(ratios), range: `per-round ratios ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}` };
}

/** The p-th percentile (0-100) of a list of numbers. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * Runs `a` and `b` alternately for `rounds` rounds (A, B, B, A, A, B ...) so drift in a noisy machine
 * hits both sides alike, and returns each side's samples.
 */
export async function interleave<T>(rounds: number, a: () => Promise<T>, b: () => Promise<T>): Promise<{ a: T[]; b: T[] }> {
  const samples = { a: [] as T[], b: [] as T[] };
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? (['a', 'b'] as const) : (['b', 'a'] as const);
    for (const side of order) samples[side].push(await (side === 'a' ? a() : b()));
  }
  return samples;
}

/** Nanoseconds per call of a synchronous function, measured over enough iterations to be stable. */
export function nsPerCall(fn: () => unknown, iterations = 1_000_000): number {
  for (let i = 0; i < Math.min(iterations, 10_000); i++) fn();
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  return Number(process.hrtime.bigint() - started) / iterations;
}

/**
 * `interleave` for any number of sides: each round runs every side once, forwards in even rounds and
 * backwards in odd ones (A B C, C B A, A B C ...), so no side always runs right after another.
 */
export async function interleaveSides<T>(rounds: number, sides: ReadonlyArray<() => Promise<T>>): Promise<T[][]> {
  const samples = sides.map(() => [] as T[]);
  for (let round = 0; round < rounds; round++) {
    const order = sides.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) samples[i]!.push(await sides[i]!());
  }
  return samples;
}
