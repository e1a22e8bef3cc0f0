/**
 * The HTTP load harness: autocannon against servers in child processes (`bench-server.ts`), interleaved
 * rounds, medians. One side = one server and one of its targets; any number of sides run in the same
 * rounds (A B C, C B A, ...). Every response of every round must be a 2xx: one error, timeout or non-2xx
 * fails the bench, because a fast 401 is not a result.
 *
 * The machine has 2 cores for the load generator (this process), the server under load and, for the
 * platform, PostgreSQL and Redis: they compete, identically for every side. Servers that are not under
 * load sit idle. See bench/README.md ("HTTP harness") for the setup and its limits.
 */
import { randomUUID } from 'node:crypto';
import { basename, join } from 'node:path';
import autocannon from 'autocannon';
import type { BenchRow } from './bench-result';
import { OUT_DIR } from './bench-result';
import type { BenchServer } from './bench-server';
import { printProfileSummary } from './cpu-profile-summary';
import type { HttpTarget } from './servers/server-contract';
import { interleaveSides, median, perRoundRatios } from './sampling';

/** One side of a comparison: a server and the target (request) it is loaded with. */
export interface LoadSide {
  readonly label: string;
  readonly server: BenchServer;
  readonly target: string;
}

export interface LoadSettings {
  readonly connections: number;
  /** Load on each side before the first round (JIT, pools, caches). */
  readonly warmupSeconds: number;
  /** Connections of the warm-up (default: `connections`); fewer let a slow cold server warm up without timeouts. */
  readonly warmupConnections?: number;
  /** A request without an answer after this long is a timeout, which fails the run (autocannon's default: 10). */
  readonly timeoutSeconds?: number;
  readonly roundSeconds: number;
  readonly rounds: number;
  /** How often the server's memory is sampled during a round. */
  readonly memorySampleMs: number;
}

/**
 * 100 connections as the team's benchmark conventions say; rounds sized so an area stays within its
 * share of `npm run bench`. BENCH_ROUNDS and BENCH_ROUND_SECONDS override (e.g. for a quick profile).
 */
export function loadSettings(overrides: Partial<LoadSettings> = {}): LoadSettings {
  const fromEnv = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
  return {
    connections: 100,
    warmupSeconds: 2,
    roundSeconds: 3,
    rounds: 3,
    memorySampleMs: 250,
    ...overrides,
    ...(fromEnv('BENCH_ROUNDS') ? { rounds: fromEnv('BENCH_ROUNDS')! } : {}),
    ...(fromEnv('BENCH_ROUND_SECONDS') ? { roundSeconds: fromEnv('BENCH_ROUND_SECONDS')! } : {}),
  };
}

export interface RoundResult {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requests: number;
  /** The server's memory, sampled during the round. */
  readonly memory: readonly NodeJS.MemoryUsage[];
}

export interface SideResult {
  readonly label: string;
  readonly rounds: readonly RoundResult[];
  /** Medians over the rounds. */
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Over every memory sample of every round. */
  readonly rssMedianBytes: number;
  readonly rssPeakBytes: number;
  readonly heapUsedPeakBytes: number;
}

/** One autocannon run against a side; throws unless every response was a 2xx. */
async function load(side: LoadSide, seconds: number, settings: LoadSettings, connections = settings.connections): Promise<RoundResult> {
  const target = side.server.targets[side.target]!;
  const memory: NodeJS.MemoryUsage[] = [];
  const sampler = setInterval(() => {
    side.server.memory().then((usage) => memory.push(usage), () => undefined);
  }, settings.memorySampleMs);
  let result: autocannon.Result;
  try {
    result = await autocannon({
      url: side.server.url(side.target),
      connections,
      duration: seconds,
      timeout: settings.timeoutSeconds ?? 10,
      method: target.method ?? 'GET',
      headers: target.headers ? { ...target.headers } : undefined,
      body: target.body,
      idReplacement: target.uniqueIds ?? false,
      // Static requests (built once), cycled through by each connection.
      ...(target.rotatePaths ? { requests: target.rotatePaths.map((path) => ({ path })) } : {}),
    });
  } finally {
    clearInterval(sampler);
  }
  await settle(side);
  const failed = result.errors + result.timeouts + result.non2xx + result.mismatches;
  if (failed > 0 || result['2xx'] === 0) {
    const codes = Object.entries((result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {})
      .map(([code, { count }]) => `${code}: ${count}`)
      .join(', ');
    throw new Error(
      `${side.label}: ${result.errors} errors (${result.timeouts} timeouts), ${result.non2xx} non-2xx responses, ${result.mismatches} mismatched bodies out of ${result.requests.total} requests (status codes ${codes || 'none'}). Not a result: fix the server or the target.`,
    );
  }
  return { requestsPerSecond: result.requests.average, p50Ms: result.latency.p50, p99Ms: result.latency.p99, requests: result.requests.total, memory };
}

/** The body of one request outside autocannon (its `[<id>]` replaced as autocannon would). */
const oneBody = (target: HttpTarget) => (target.uniqueIds ? target.body?.replace(/\[<id>\]/g, () => randomUUID()) : target.body);

/**
 * Waits until the server has worked off what autocannon left in flight when it stopped (up to one request per
 * connection, which the server still serves): one more request of the same target, queued behind them. Without
 * it, a slow server would spend the start of its next round, or the next side's round, on the last one's requests.
 */
async function settle(side: LoadSide): Promise<void> {
  const target = side.server.targets[side.target]!;
  await fetch(side.server.url(side.target), { method: target.method ?? 'GET', headers: target.headers, body: oneBody(target) }).then((response) => response.arrayBuffer(), () => undefined);
}

/** One request per side before any load: the target must answer a 2xx (and its expected body). */
async function preflight(side: LoadSide): Promise<void> {
  const target = side.server.targets[side.target];
  if (!target) throw new Error(`${side.label}: the server has no target "${side.target}" (it has: ${Object.keys(side.server.targets).join(', ')}).`);
  const response = await fetch(side.server.url(side.target), { method: target.method ?? 'GET', headers: target.headers, body: oneBody(target) });
  const answer = await response.text();
  if (!response.ok) throw new Error(`${side.label}: ${target.method ?? 'GET'} ${target.path} answered ${response.status}: ${answer.slice(0, 500)}`);
  if (target.expectBody !== undefined && answer !== target.expectBody) {
    throw new Error(`${side.label}: ${target.path} answered ${JSON.stringify(answer.slice(0, 200))}, expected ${JSON.stringify(target.expectBody)}.`);
  }
}

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/**
 * BENCH_PROFILE=<text>: after the measured rounds, every side whose label contains <text> is loaded once
 * more for BENCH_PROFILE_SECONDS (default 10) under the V8 CPU profiler (the one `--cpu-prof` uses, started
 * over the inspector so that boot is not in the profile); the .cpuprofile goes to bench/.out/profiles and
 * its summary is printed. The measured figures never include profiling.
 */
async function profileSides(sides: readonly LoadSide[], settings: LoadSettings): Promise<void> {
  const wanted = process.env.BENCH_PROFILE?.toLowerCase();
  if (!wanted) return;
  const area = basename(process.argv[1] ?? 'bench').replace(/\.bench\.ts$/, '');
  for (const side of sides.filter(({ label }) => label.toLowerCase().includes(wanted))) {
    const file = join(OUT_DIR, 'profiles', `${area}-${slug(side.label)}.cpuprofile`);
    await side.server.startProfile();
    const round = await load(side, Number(process.env.BENCH_PROFILE_SECONDS ?? 10), settings);
    await side.server.stopProfile(file);
    console.log(`\nCPU profile of "${side.label}" under load (${round.requestsPerSecond.toFixed(0)} req/s while profiled): ${file}`);
    printProfileSummary(file);
  }
}

/**
 * Pre-flight, warm-up, then `rounds` interleaved rounds over all sides; returns each side's medians in the
 * order given.
 */
export async function runHttpLoad(sides: readonly LoadSide[], settings: LoadSettings = loadSettings()): Promise<SideResult[]> {
  for (const side of sides) await preflight(side);
  for (const side of sides) await load(side, settings.warmupSeconds, settings, settings.warmupConnections);
  const samples = await interleaveSides(
    settings.rounds,
    sides.map((side) => async () => {
      const round = await load(side, settings.roundSeconds, settings);
      console.log(`  ${side.label}: ${round.requestsPerSecond.toFixed(0)} req/s, p50 ${round.p50Ms} ms, p99 ${round.p99Ms} ms`);
      return round;
    }),
  );
  await profileSides(sides, settings);
  return sides.map((side, i) => {
    const rounds = samples[i]!;
    const memory = rounds.flatMap((round) => round.memory);
    return {
      label: side.label,
      rounds,
      requestsPerSecond: median(rounds.map((round) => round.requestsPerSecond)),
      p50Ms: median(rounds.map((round) => round.p50Ms)),
      p99Ms: median(rounds.map((round) => round.p99Ms)),
      rssMedianBytes: memory.length ? median(memory.map((usage) => usage.rss)) : 0,
      rssPeakBytes: Math.max(0, ...memory.map((usage) => usage.rss)),
      heapUsedPeakBytes: Math.max(0, ...memory.map((usage) => usage.heapUsed)),
    };
  });
}

/** The per-round ratios of a pair (`perRoundRatios`); `invert` for latency, where the baseline is the numerator. */
function roundRatios(value: SideResult, baseline: SideResult, of: (round: RoundResult) => number, invert: boolean) {
  const values = value.rounds.map(of);
  const baselines = baseline.rounds.map(of);
  return invert ? perRoundRatios(baselines, values) : perRoundRatios(values, baselines);
}

/**
 * The two rows of one A/B pair: requests/s (ratio value / baseline) and p99 latency (ratio baseline /
 * value): both ratios read "the platform's share of the bare figure", higher is better, 1 is parity. The
 * figures are medians over rounds; the ratio is the median of the per-round ratios.
 */
export function comparisonRows(value: SideResult, baseline: SideResult, options: { readonly targets?: { readonly requests?: string; readonly p99?: string }; readonly note?: string } = {}): BenchRow[] {
  const against = `${value.label} vs ${baseline.label}`;
  const requests = roundRatios(value, baseline, (round) => round.requestsPerSecond, false);
  const p99 = roundRatios(value, baseline, (round) => round.p99Ms, true);
  return [
    {
      metric: `${against}: requests/s`,
      value: value.requestsPerSecond,
      unit: 'req/s',
      baseline: baseline.requestsPerSecond,
      ratio: requests.ratio,
      ...(options.targets?.requests ? { target: options.targets.requests } : {}),
      note: [options.note, requests.range].filter(Boolean).join('; '),
    },
    {
      metric: `${against}: p99 latency (ratio = bare / platform)`,
      value: value.p99Ms,
      unit: 'ms',
      baseline: baseline.p99Ms,
      ratio: p99.ratio,
      note: `p50 ${value.p50Ms} ms vs ${baseline.p50Ms} ms; ${p99.range}`,
      ...(options.targets?.p99 ? { target: options.targets.p99 } : {}),
    },
  ];
}
