import { ModuleContexts } from '@tessera/kernel';
import { JOB_QUEUE, RequestContext, type JobQueue } from '@tessera/module-sdk';
import { testServices } from '@tessera/module-sdk/testing';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { testToken } from '../support/demo-modules';
import { startJobPlatforms, type JobPlatforms } from '../support/job-platforms';
import { waitFor } from '../support/wait-for';

const BACKLOG = 3_000;
const SMALL = 20;

describe('fairness between tenants on one queue', () => {
  let p: JobPlatforms;
  let tenantA: string;
  let tenantB: string;
  let backlogOfA: string[];
  let jobsOfB: string[];

  beforeAll(async () => {
    p = await startJobPlatforms({ worker: false });
    [tenantA, tenantB] = [await p.tenant(), await p.tenant()];
    const jobs = p.api.platform.app.get(ModuleContexts).of(p.api.platform.registry.get('demo-jobs')!).get<JobQueue>(JOB_QUEUE);
    const enqueue = (tenantId: string, count: number) =>
      RequestContext.run({ requestId: `fairness-${tenantId}`, source: 'system', tenantId }, () =>
        jobs.enqueueMany('demo-jobs.tick', Array.from({ length: count }, (_, n) => ({ input: { n } }))),
      );
    // Tenant A floods the queue first; tenant B arrives behind its whole backlog.
    backlogOfA = (await enqueue(tenantA, BACKLOG)).map((job) => job.id);
    jobsOfB = (await enqueue(tenantB, SMALL)).map((job) => job.id);
    await p.startWorker(); // one worker, concurrency 1 on the bulk queue: the order of execution is exact
  }, 120_000);
  afterAll(() => p.close());

  const completedOf = async (ids: readonly string[]) => {
    const queue = p.queue('demo-jobs.bulk');
    const jobs = await Promise.all(ids.map((id) => queue.getJob(id)));
    return jobs.filter((job) => job?.finishedOn).map((job) => job!.returnvalue as { n: number; seq: number });
  };

  it("completes tenant B's jobs while tenant A's backlog of thousands still waits", async () => {
    const ofB = await waitFor(async () => {
      const done = await completedOf(jobsOfB);
      return done.length === SMALL ? done : undefined;
    }, { timeoutMs: 30_000, what: "tenant B's jobs" });
    // Round-robin: B's k-th job ran right after A's k-th, so all of B ran within the first 2 × 20 jobs.
    expect(Math.max(...ofB.map((r) => r.seq))).toBeLessThanOrEqual(2 * SMALL + 2);
    const waitingOfA = await p.queue('demo-jobs.bulk').getJobCountByTypes('prioritized');
    expect(waitingOfA).toBeGreaterThan(BACKLOG - 500);
  });

  it("keeps tenant A's own jobs in the order they were enqueued", async () => {
    const done = (await completedOf(backlogOfA.slice(0, 50))).sort((a, b) => a.seq - b.seq);
    expect(done.length).toBeGreaterThan(10);
    expect(done.map((r) => r.n)).toEqual([...done.map((r) => r.n)].sort((a, b) => a - b));
  });

  it('shows tenant A as the tenant flooding the queue in the top-tenants view', async () => {
    const operator = testToken({ id: 'ops', tenantId: null, permissions: ['platform.queues.read'] });
    const response = await p.api.http().get('/api/v1/platform/queues/demo-jobs.bulk/top-tenants').set('authorization', `Bearer ${operator}`).expect(200);
    expect(response.body.tenants[0]).toMatchObject({ tenantId: tenantA, enqueuedRecently: BACKLOG });
    expect(response.body.tenants[0].waitingEstimate).toBeGreaterThan(BACKLOG - 1_000);
  });
});

describe('the same flood on a plain FIFO BullMQ queue (no fair priorities)', () => {
  let connection: Redis;
  let queue: Queue;
  let worker: Worker | undefined;
  const prefix = `t-fifo-${process.pid}-${Date.now()}`;

  beforeAll(async () => {
    connection = new Redis(testServices().redisUrl, { maxRetriesPerRequest: null });
    queue = new Queue('fifo', { connection, prefix });
    const add = (tenant: string, count: number) => queue.addBulk(Array.from({ length: count }, (_, n) => ({ name: 'tick', data: { tenant, n } })));
    await add('A', BACKLOG);
    await add('B', SMALL);
  });
  afterAll(async () => {
    await worker?.close();
    await queue.obliterate({ force: true });
    await queue.close();
    connection.disconnect();
  });

  it("starves tenant B behind tenant A's backlog: what the fair priorities prevent", async () => {
    let processed = 0;
    const ranForB: number[] = [];
    worker = new Worker(
      'fifo',
      async (job) => {
        processed += 1;
        if (job.data.tenant === 'B') ranForB.push(processed);
      },
      { connection, prefix, concurrency: 1 },
    );
    await waitFor(async () => processed >= 2 * SMALL + 2, { what: 'the plain worker to process as many jobs as the fair one needed' });
    await worker.pause();
    expect(ranForB).toEqual([]);
  });
});
