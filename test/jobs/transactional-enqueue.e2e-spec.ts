import { JOB_QUEUE, UNIT_OF_WORK, type JobQueue, type UnitOfWork } from '@tessera/module-sdk';
import { ModuleContexts } from '@tessera/kernel';
import { TenantScope } from '@tessera/persistence';
import { tickJob } from '../support/demo-modules/demo-jobs.module';
import { startJobPlatforms, type JobPlatforms } from '../support/job-platforms';

describe('enqueuing inside a transaction (the outbox)', () => {
  let p: JobPlatforms;
  let tenant: string;
  let jobs: JobQueue;
  let scope: TenantScope;
  let work: UnitOfWork;

  beforeAll(async () => {
    // No worker: jobs stay in the queue, so the test sees exactly what reached it and when.
    p = await startJobPlatforms({ worker: false });
    tenant = await p.tenant();
    const platform = p.api.platform;
    const context = platform.app.get(ModuleContexts).of(platform.registry.get('demo-jobs')!);
    jobs = context.get<JobQueue>(JOB_QUEUE);
    work = context.get<UnitOfWork>(UNIT_OF_WORK);
    scope = platform.app.get(TenantScope);
  });
  afterAll(() => p.close());

  const inQueue = async (id: string) => (await p.queue('demo-jobs.bulk').getJob(id)) !== undefined;
  const outboxRows = async () => (await p.sql<{ count: string }>('SELECT count(*) FROM job_outbox'))[0]!.count;

  it('holds a job back until the transaction that enqueued it commits', async () => {
    let seenInside: boolean | undefined;
    const { id } = await scope.run(tenant, async () => {
      const job = await jobs.enqueue(tickJob, { n: 1 });
      seenInside = await inQueue(job.id);
      return job;
    });
    expect(seenInside).toBe(false);
    expect(await inQueue(id)).toBe(true);
    expect(await outboxRows()).toBe('0');
  });

  it('enqueues nothing when the transaction rolls back', async () => {
    let id = '';
    await expect(
      scope.run(tenant, async () => {
        id = (await jobs.enqueue(tickJob, { n: 2 })).id;
        throw new Error('the change failed after all');
      }),
    ).rejects.toThrow('the change failed after all');
    expect(await inQueue(id)).toBe(false);
    expect(await outboxRows()).toBe('0');
  });

  it('ignores the jobs of a rolled-back savepoint when the outer transaction commits', async () => {
    const ids = await scope.run(tenant, async () => {
      let inner = '';
      await work
        .withTenant(tenant, async () => {
          inner = (await jobs.enqueue(tickJob, { n: 3 })).id;
          throw new Error('nested step failed');
        })
        .catch(() => undefined);
      return { inner, outer: (await jobs.enqueue(tickJob, { n: 4 })).id };
    });
    expect(await inQueue(ids.inner)).toBe(false);
    expect(await inQueue(ids.outer)).toBe(true);
  });

  it('pushes a job left in the outbox by a process that stopped between commit and push', async () => {
    const envelope = {
      format: 1,
      kind: 'job',
      module: 'demo-jobs',
      tenantId: tenant,
      actor: null,
      requestId: 'request-of-a-crashed-process',
      idempotencyKey: null,
      schemaVersion: 1,
      enqueuedAt: new Date().toISOString(),
      input: { n: 5 },
    };
    await p.sql(
      `INSERT INTO job_outbox (id, tenant_id, job_name, job_id, envelope, created_at)
       VALUES (gen_random_uuid(), $1, 'demo-jobs.tick', 'left-behind-0001', $2::jsonb, now() - interval '1 minute')`,
      [tenant, JSON.stringify(envelope)],
    );
    expect(await inQueue('left-behind-0001')).toBe(false);
    await p.api.platform.jobs.sweepOutbox();
    expect(await inQueue('left-behind-0001')).toBe(true);
    expect((await p.queue('demo-jobs.bulk').getJob('left-behind-0001'))!.data).toMatchObject({ tenantId: tenant, input: { n: 5 } });
    expect(await outboxRows()).toBe('0');
  });

  it('leaves a fresh row alone (its own commit hook pushes it) and never pushes a row twice', async () => {
    await p.sql(
      `INSERT INTO job_outbox (id, tenant_id, job_name, job_id, envelope)
       SELECT gen_random_uuid(), $1, 'demo-jobs.tick', 'fresh-row-0001', envelope FROM (SELECT $2::jsonb AS envelope) e`,
      [tenant, JSON.stringify({ format: 1, kind: 'job', module: 'demo-jobs', tenantId: tenant, actor: null, requestId: 'r', idempotencyKey: null, schemaVersion: 1, enqueuedAt: 'now', input: { n: 6 } })],
    );
    await p.api.platform.jobs.sweepOutbox();
    expect(await inQueue('fresh-row-0001')).toBe(false);
    await p.sql("UPDATE job_outbox SET created_at = now() - interval '1 minute'");
    // Two processes sweep at once: the row is locked by one, skipped by the other.
    const other = await p.startWorker();
    await Promise.all([p.api.platform.jobs.sweepOutbox(), other.platform.jobs.sweepOutbox()]);
    const everywhere = await p.queue('demo-jobs.bulk').getJobs(['prioritized', 'wait', 'active', 'completed', 'failed']);
    expect(everywhere.filter((job) => job.id === 'fresh-row-0001')).toHaveLength(1);
    expect(await outboxRows()).toBe('0');
  });
});
