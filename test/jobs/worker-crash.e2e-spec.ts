import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { testServices } from '@tessera/module-sdk/testing';
import { testToken } from '../support/demo-modules';
import { startJobPlatforms, type JobPlatforms } from '../support/job-platforms';
import { waitFor } from '../support/wait-for';

const root = join(__dirname, '..', '..');

/** A real worker process, with what it printed and how it ended. */
interface WorkerProcess {
  readonly child: ChildProcess;
  output(): string;
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

function startWorkerProcess(p: JobPlatforms, env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['--conditions=development', '-r', '@swc-node/register', 'test/support/jobs-worker-process.ts'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      WORKER_HEALTH_PORT: '0',
      DATABASE_URL: p.api.database.appUrl,
      DATABASE_MIGRATION_URL: p.api.database.migrationUrl,
      REDIS_URL: testServices().redisUrl,
      REDIS_PREFIX: p.api.redisPrefix,
      JOBS_LOCK_DURATION_MS: '2000',
      JOBS_STALLED_INTERVAL_MS: '1000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  return { child, output: () => output, exited: () => exit };
}

describe('real worker processes that die or are stopped mid-job', () => {
  let p: JobPlatforms;
  let tenant: string;
  const workers: WorkerProcess[] = [];
  const user = () => testToken({ id: 'user', tenantId: tenant, permissions: ['demo-jobs.run', 'jobs.read'] });

  beforeAll(async () => {
    p = await startJobPlatforms({ worker: false });
    tenant = await p.tenant();
  });
  afterAll(async () => {
    for (const worker of workers) if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
    await Promise.all(workers.map((worker) => worker.exited()));
    await p.close();
  });

  /** Stops the workers of the previous test, so that each test decides which worker takes which job. */
  const stopAll = async () => {
    for (const worker of workers) if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGTERM');
    await Promise.all(workers.map((worker) => worker.exited()));
  };
  const spawnWorker = async (env: Record<string, string> = {}) => {
    const worker = startWorkerProcess(p, env);
    workers.push(worker);
    await waitFor(async () => worker.output().includes('"worker running"') || (worker.child.exitCode !== null && Promise.reject(new Error(worker.output()))), {
      timeoutMs: 45_000,
      what: 'the worker process to start',
    });
    return worker;
  };
  const start = async (job: string, input: unknown, idempotencyKey?: string) =>
    (await p.api.http().post('/api/v1/demo-jobs/runs').set('authorization', `Bearer ${user()}`).send({ job, input, idempotencyKey }).expect(202)).body.id as string;
  const statusOf = async (id: string) => (await p.api.http().get(`/api/v1/jobs/${id}`).set('authorization', `Bearer ${user()}`).expect(200)).body;
  const effects = async (key: string) => (await p.sql('SELECT 1 FROM demo_job_effects WHERE key = $1', [key])).length;
  const keyedEffects = async (key: string) => (await p.sql('SELECT 1 FROM demo_job_keyed_effects WHERE key = $1', [key])).length;

  it('completes the job of a worker killed with SIGKILL on another worker, recording its side effect once', async () => {
    const doomed = await spawnWorker({ DEMO_JOBS_HANG_AFTER_EFFECT: '1' });
    const guarded = await start('demo-jobs.effect', { guard: 'step' }, 'charge-invoice-42');
    // No step: the insert is keyed by the idempotency key itself (ON CONFLICT DO NOTHING on its unique index).
    const keyed = await start('demo-jobs.effect', { guard: 'idempotency-key' }, 'charge-invoice-45');
    // The same side effect without a step or a key: nothing remembers it happened (the failing case).
    const unguarded = await start('demo-jobs.effect', { guard: 'none' }, 'charge-invoice-43');
    const ids = [guarded, keyed, unguarded];
    await waitFor(async () => ids.every((id) => doomed.output().includes(`event:effect-committed:${id}`)), {
      timeoutMs: 30_000,
      what: 'the three side effects to commit in the first worker',
    });
    doomed.child.kill('SIGKILL');
    expect((await doomed.exited()).signal).toBe('SIGKILL');
    expect((await statusOf(guarded)).state).toBe('active'); // still held by the dead worker's lock

    const survivor = await spawnWorker();
    for (const id of ids) {
      await waitFor(async () => (await statusOf(id)).state === 'completed', { timeoutMs: 30_000, what: `job ${id} to complete on the second worker` });
    }
    // Each handler ran again on the second worker; only the guarded writes took effect once.
    for (const id of ids) {
      expect((await p.queue('demo-jobs').getJob(id))!.attemptsStarted).toBe(2);
      expect(survivor.output()).toContain(`event:effect-committed:${id}`);
    }
    expect(await effects('charge-invoice-42')).toBe(1);
    expect(await keyedEffects('charge-invoice-45')).toBe(1);
    expect(await effects('charge-invoice-43')).toBe(2);
  });

  it('on SIGTERM, finishes the jobs that end within the bound, releases the others to another worker at once, and exits 0', async () => {
    await stopAll();
    // 40 % of the 10 s bound (4 s) for running jobs: the short one (about 1 s) finishes, the stuck one never does.
    const stopping = await spawnWorker({ DEMO_JOBS_HANG_AFTER_EFFECT: '1', SHUTDOWN_TIMEOUT_MS: '10000', JOBS_LOCK_DURATION_MS: '60000', JOBS_STALLED_INTERVAL_MS: '60000' });
    const stuck = await start('demo-jobs.effect', { guard: 'step' }, 'charge-invoice-44');
    await waitFor(async () => stopping.output().includes(`event:effect-committed:${stuck}`), { timeoutMs: 30_000, what: 'the stuck job to commit its effect' });
    const short = await start('demo-jobs.slow', { steps: 5, delayMs: 200 });
    await waitFor(async () => (await statusOf(short)).state === 'active', { timeoutMs: 30_000, intervalMs: 20, what: 'the short job to start' });
    const sentAt = Date.now();
    stopping.child.kill('SIGTERM');
    const exit = await stopping.exited();
    expect(exit.code).toBe(0);
    expect(exit.at - sentAt).toBeLessThan(10_000 + 1_500);
    expect(stopping.output()).toContain('releasing jobs still running back to their queues');

    const finished = await statusOf(short);
    expect(finished.state).toBe('completed');
    expect(Date.parse(finished.finishedAt)).toBeLessThanOrEqual(exit.at);
    // Released, not stalled: it waits again at once, without an attempt used, for a worker to take it.
    const released = await p.queue('demo-jobs').getJob(stuck);
    expect(await released!.getState()).toBe('prioritized');
    expect(released!.attemptsMade).toBe(0);

    await spawnWorker({ JOBS_LOCK_DURATION_MS: '60000', JOBS_STALLED_INTERVAL_MS: '60000' });
    await waitFor(async () => (await statusOf(stuck)).state === 'completed', { timeoutMs: 30_000, what: 'the released job to complete elsewhere' });
    expect(await effects('charge-invoice-44')).toBe(1);
  });
});
