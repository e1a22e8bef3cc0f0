/**
 * Job throughput through the platform's job layer (envelope check, module enablement, tenant context,
 * fair priorities, dead-letter bookkeeping, metrics) against a bare BullMQ worker on the same Redis, same
 * concurrency (1 and 50), same job bodies (nothing; one row written in a tenant-scoped transaction),
 * interleaved. Each sample: fill a paused queue, resume it, time until every job completed.
 *
 * Empty jobs have a second bare baseline whose jobs carry priorities as the platform's do (BullMQ's
 * prioritized set instead of its FIFO list): platform / that one is the cost of the layer's own code,
 * that one / FIFO the cost of priorities in BullMQ's scripts, i.e. of fairness.
 *
 * BENCH_ROUNDS overrides the rounds, BENCH_JOBS_ONLY=noop-c50,... runs some scenarios (`enqueue` for the
 * enqueue row), BENCH_PROFILE=<side label text>[,...] writes a CPU profile of one more sample of that side per
 * scenario to bench/.out/profiles and prints its summary (use with BENCH_NO_SAVE=1).
 */
import 'reflect-metadata';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { bullPrefix, jobEnvelopeSchema } from '@tessera/jobs';
import { ModuleContexts, TenantsService } from '@tessera/kernel';
import { JOB_QUEUE, RequestContext, type JobQueue } from '@tessera/module-sdk';
import { startTestPlatform, testServices, type TestPlatform } from '@tessera/module-sdk/testing';
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { TenantScope } from '@tessera/persistence';
import { MikroORM } from '@mikro-orm/core';
import { benchJobsModule } from './lib/bench-jobs.module';
import { OUT_DIR, saveResult, type BenchRow } from './lib/bench-result';
import { printProfileSummary } from './lib/cpu-profile-summary';
import { startCpuProfile } from './lib/cpu-profiler';
import { interleave, interleaveSides, median, perRoundRatios } from './lib/sampling';
import { withBenchServices } from './lib/services';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ONLY = process.env.BENCH_JOBS_ONLY?.split(',');
const PROFILE = process.env.BENCH_PROFILE?.split(',');
// Samples of 0.5-2 s: with the median of per-round ratios that is stable enough, and the area fits its
// share of the whole run (filling the queues takes as long as draining them).
const SCENARIOS = [
  { kind: 'noop', concurrency: 1, count: 1_500 },
  { kind: 'noop', concurrency: 50, count: 5_000 },
  { kind: 'write', concurrency: 1, count: 400 },
  { kind: 'write', concurrency: 50, count: 1_000 },
] as const;
const ENQUEUE_COUNT = 2_000;

async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** Runs `fn` under the V8 CPU profiler of this process (the platform's worker runs in it) and prints the summary. */
async function profiled<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const stop = await startCpuProfile();
  const result = await fn();
  const file = join(OUT_DIR, 'profiles', `jobs-${name}.cpuprofile`);
  await stop(file);
  console.log(`\n=== ${name}: ${file}`);
  printProfileSummary(file, 25);
  return result;
}

interface Side {
  readonly label: string;
  /** Jobs per second of one sample; `profile` names the profile to take of it. */
  readonly sample: (profile?: string) => Promise<number>;
}

/** A row per baseline: medians of each side, ratio = median of the per-round ratios (a round's sides ran closest in time). */
function ratioRow(metric: string, value: readonly number[], baseline: readonly number[], target?: string): BenchRow {
  const { ratio, range } = perRoundRatios(value, baseline);
  return { metric, value: median(value), unit: 'jobs/s', baseline: median(baseline), ratio, ...(target ? { target } : {}), note: range };
}

void withBenchServices(async () => {
  const env = { DOCS_ENABLED: 'false', DATABASE_POOL_SIZE: '20', JOBS_DASHBOARD_ENABLED: 'false' };
  const api = await startTestPlatform({ modules: [benchJobsModule], env });
  let worker: TestPlatform | undefined;
  const connection = new Redis(testServices().redisUrl, { maxRetriesPerRequest: null });
  const bareWorkers: Worker[] = [];
  try {
    worker = await startTestPlatform({ modules: [benchJobsModule], env, role: 'worker', database: api.database, redisPrefix: api.redisPrefix });
    const tenantId = (await api.platform.app.get(TenantsService).create({ slug: 'bench', name: 'Bench' })).id;
    const jobs = api.platform.app.get(ModuleContexts).of(api.platform.registry.get('bench-jobs')!).get<JobQueue>(JOB_QUEUE);
    const inTenant = <T>(fn: () => Promise<T>) => RequestContext.run({ requestId: 'bench', source: 'system', tenantId }, fn);

    // The bare side: plain queues and workers, with a payload the size of the platform's envelope.
    const envelope = jobEnvelopeSchema.parse({
      format: 1, kind: 'job', module: 'bench-jobs', tenantId, actor: { kind: 'user', id: 'bench-user' }, requestId: 'bench',
      idempotencyKey: null, schemaVersion: 1, enqueuedAt: new Date().toISOString(), input: {},
    });
    // The same body as the platform's handler, with the tenant transaction opened by hand (TenantScope,
    // the only way the platform touches tenant data), on the worker platform's ORM and pool.
    const scope = worker.platform.app.get(TenantScope);
    const em = worker.platform.app.get(MikroORM).em;
    const bareWrite = (job: Job) =>
      RequestContext.run({ requestId: 'bare', source: 'job' }, () =>
        scope.run(job.data.tenantId, async () => {
          await em.getConnection().execute('INSERT INTO bench_job_rows (tenant_id, job_id) VALUES (?, ?)', [job.data.tenantId, job.id], 'run', em.getTransactionContext());
          return null;
        }),
      );
    const bareQueue = (name: string, concurrency: number): Queue => {
      const prefix = bullPrefix(api.redisPrefix, name);
      bareWorkers.push(new Worker(name, (job) => (job.name === 'write' ? bareWrite(job) : Promise.resolve(null)), { connection, prefix, concurrency }));
      return new Queue(name, { connection, prefix });
    };
    const bareFifo = new Map([1, 50].map((c) => [c, bareQueue(`bare-c${c}`, c)]));
    const barePrioritized = new Map([1, 50].map((c) => [c, bareQueue(`bare-prioritized-c${c}`, c)]));
    const platformQueues = new Map([1, 50].map((c) => [c, new Queue(`bench-jobs.c${c}`, { connection, prefix: bullPrefix(api.redisPrefix, `bench-jobs.c${c}`) })]));

    /** This process's CPU (µs) per job of each sample, by queue: the worker's JS and the Redis client, not Redis itself. */
    const cpuPerJob = new Map<string, number[]>();
    /** Redis's CPU (µs) per job: on a shared Redis it includes everyone else's commands. */
    const redisCpuPerJob = new Map<string, number[]>();
    for (const queue of [...bareFifo.values(), ...barePrioritized.values(), ...platformQueues.values()]) {
      cpuPerJob.set(queue.name, []);
      redisCpuPerJob.set(queue.name, []);
    }
    const redisCpuSeconds = async () => {
      const info = await connection.info('cpu');
      const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
      return field('used_cpu_user') + field('used_cpu_sys');
    };
    /** Jobs per second from a paused, filled queue to the last completion. */
    const drain = async (queue: Queue, fill: () => Promise<unknown>, count: number, profile?: string): Promise<number> => {
      await queue.pause();
      await fill();
      const before = await queue.getCompletedCount();
      const run = async () => {
        const redisBefore = await redisCpuSeconds();
        const started = performance.now();
        const cpu = process.cpuUsage();
        await queue.resume();
        await until(async () => (await queue.getCompletedCount()) >= before + count);
        const elapsed = performance.now() - started;
        const used = process.cpuUsage(cpu);
        cpuPerJob.get(queue.name)?.push((used.user + used.system) / count);
        redisCpuPerJob.get(queue.name)?.push(((await redisCpuSeconds()) - redisBefore) * 1e6 / count);
        return (count * 1000) / elapsed;
      };
      return profile ? profiled(profile, run) : run();
    };

    const rows: BenchRow[] = [];
    const cpuNotes: string[] = [];
    for (const { kind, concurrency, count } of SCENARIOS) {
      const scenario = `${kind}-c${concurrency}`;
      if (ONLY && !ONLY.includes(scenario)) continue;
      const items = Array.from({ length: count }, () => ({ input: {} }));
      const sides: Side[] = [
        {
          label: 'platform',
          sample: (profile) => drain(platformQueues.get(concurrency)!, () => inTenant(() => jobs.enqueueMany(`bench-jobs.${scenario}`, items)), count, profile),
        },
        {
          label: 'bare FIFO',
          sample: (profile) => {
            const queue = bareFifo.get(concurrency)!;
            return drain(queue, () => queue.addBulk(items.map(() => ({ name: kind, data: envelope }))), count, profile);
          },
        },
      ];
      if (kind === 'noop') {
        // One tenant's backlog gets one fairness round per job: priorities 1, 2, 3 ... (rounds restart when the queue drains).
        sides.push({
          label: 'bare prioritized',
          sample: (profile) => {
            const queue = barePrioritized.get(concurrency)!;
            return drain(queue, () => queue.addBulk(items.map((_, i) => ({ name: kind, data: envelope, opts: { priority: i + 1 } }))), count, profile);
          },
        });
      }
      for (const side of sides) await side.sample(); // warm-up
      const samples = await interleaveSides(ROUNDS, sides.map((side) => () => side.sample()));
      const [platform, fifo, prioritized] = samples as [number[], number[], number[] | undefined];
      const body = kind === 'noop' ? 'empty job' : 'job writing one row (tenant transaction)';
      rows.push(ratioRow(`${body}, concurrency ${concurrency}`, platform, fifo, '>= 0.8'));
      if (prioritized) {
        rows.push(ratioRow(`${body}, concurrency ${concurrency}: the layer's own code (vs bare with priorities)`, platform, prioritized));
        rows.push(ratioRow(`${body}, concurrency ${concurrency}: priorities alone (bare with priorities vs bare FIFO)`, prioritized, fifo));
      }
      const queuesOf = [platformQueues, bareFifo, barePrioritized].slice(0, sides.length).map((queues) => queues.get(concurrency)!.name);
      const perJob = (cpu: Map<string, number[]>) => sides.map((side, i) => `${side.label} ${median(cpu.get(queuesOf[i]!)!).toFixed(0)}`).join(', ');
      cpuNotes.push(`${body}, concurrency ${concurrency}: CPU µs per job of the bench process (the worker's JS, BullMQ, ioredis) ${perJob(cpuPerJob)}; of Redis ${perJob(redisCpuPerJob)}.`);
      console.log(`${scenario}: ${sides.map((side, i) => `${side.label} ${median(samples[i]!).toFixed(0)}`).join(', ')} jobs/s`);
      console.log(cpuNotes.at(-1));
      if (PROFILE) for (const side of sides.filter((s) => PROFILE.some((text) => s.label.includes(text)))) await side.sample(`${scenario}-${side.label.replaceAll(' ', '-')}`);
    }

    if (!ONLY || ONLY.includes('enqueue')) {
      // Enqueue: envelope from the request context, validation, fair priorities and idempotency claims vs addBulk.
      const enqueueItems = Array.from({ length: ENQUEUE_COUNT }, () => ({ input: {} }));
      const enqueuePlatform = async () => {
        const started = performance.now();
        await inTenant(() => jobs.enqueueMany('bench-jobs.noop-c1', enqueueItems));
        return (ENQUEUE_COUNT * 1000) / (performance.now() - started);
      };
      const enqueueBare = async () => {
        const started = performance.now();
        await bareFifo.get(1)!.addBulk(enqueueItems.map(() => ({ name: 'noop', data: envelope })));
        return (ENQUEUE_COUNT * 1000) / (performance.now() - started);
      };
      await platformQueues.get(1)!.pause();
      await bareFifo.get(1)!.pause();
      const enqueued = await interleave(ROUNDS, enqueuePlatform, enqueueBare);
      rows.push(ratioRow('enqueue in batches of 500 (enqueueMany vs addBulk)', enqueued.a, enqueued.b));
      if (PROFILE?.some((text) => 'platform'.includes(text))) await profiled('enqueue-platform', enqueuePlatform);
    }

    saveResult({
      name: 'jobs',
      title: 'Job layer throughput vs a bare BullMQ worker',
      command: 'npm run bench -- jobs',
      rows,
      notes: [
        `Each sample fills a paused queue, resumes it and times until every job completed; the sides alternate (A B C, C B A ...), ${ROUNDS} rounds after a warm-up; figures are medians, ratios the median of the per-round ratios.`,
        'Platform: a worker platform (role worker) runs the job layer: envelope parse, module enablement, RequestContext, handler, dead-letter bookkeeping, metrics; jobs carry fair priorities (BullMQ prioritized set). Bare FIFO: a plain BullMQ Worker on a FIFO queue, same Redis, same concurrency, same payload size. Bare prioritized: the same with priorities 1, 2, 3 ... (what one tenant\'s backlog gets from the fairness script).',
        '"Job writing one row": both sides run the same body (one INSERT through MikroORM) in a tenant-scoped transaction (TenantScope, pool of 20): the bare worker opens it by hand, the platform opens it for the handler. The ratio is the job layer\'s own cost, not the ORM\'s.',
        'Enqueue: the platform builds each envelope from the request context, validates the input, then one Lua call per batch assigns fair priorities and claims ids before addBulk.',
        ...cpuNotes,
        `Load average when the run ended: ${loadavg().map((load) => load.toFixed(1)).join(' / ')} (2 cores, shared): absolute figures move by a factor of two or more between runs, and single ratios by ±0.15; the CPU per job above moves less and is the figure to compare.`,
        'Profile of the platform side (BENCH_PROFILE=platform, empty jobs, concurrency 50): BullMQ and ioredis take about 60 % of the process\'s CPU (one socket write per command alone 14 %), the layer\'s own code about 11 % (envelope parse with zod, metrics, enablement, RequestContext), promise hooks of AsyncLocalStorage about 10 % (every promise of the process pays them, both sides alike), GC 7 %. Called directly without Redis, the processor costs about 13 times what a bare processor costs (20 µs against 1.5 µs per job on a loaded machine): about a quarter is the envelope parse (zod, JIT-compiled; as much again as JSON.parse of the data), a quarter the metrics (since: attempts counted at scrape), an eighth RequestContext.',
        'On Redis, the platform\'s jobs cost more than bare FIFO ones (see the CPU per job): priorities (ZADD and a counter at enqueue, ZPOPMIN instead of RPOPLPUSH), age-based retention (a ZREVRANGEBYSCORE at every completion, which keeps idempotency keys matched for 24 h), and bigger job hashes (attempts, backoff, custom id). The "priorities alone" rows measure the first: it is within the noise of this machine at concurrency 1 and costs up to a few tenths at 50 in some runs, none in others.',
      ],
    });
  } finally {
    for (const bareWorker of bareWorkers) await bareWorker.close();
    connection.disconnect();
    await worker?.close();
    await api.close();
  }
});
