import { randomUUID } from 'node:crypto';
import { ModuleContexts } from '@tessera/kernel';
import { JOB_QUEUE, RequestContext, type JobQueue } from '@tessera/module-sdk';
import { testToken, type ProbeObservation } from '../support/demo-modules';
import { startJobPlatforms, type JobPlatforms } from '../support/job-platforms';
import { waitFor } from '../support/wait-for';

describe('jobs run in the tenant context of their envelope', () => {
  let p: JobPlatforms;
  let tenantA: string;
  let tenantB: string;
  const tokenOf = (tenantId: string, id = 'user-a') => testToken({ id, tenantId, permissions: ['demo-jobs.run', 'jobs.read'] });

  beforeAll(async () => {
    p = await startJobPlatforms({});
    [tenantA, tenantB] = [await p.tenant(), await p.tenant()];
  });
  afterAll(() => p.close());

  async function run(tenantId: string, job: string, input: unknown, headers: Record<string, string> = {}) {
    const response = await p.api
      .http()
      .post('/api/v1/demo-jobs/runs')
      .set({ authorization: `Bearer ${tokenOf(tenantId)}`, ...headers })
      .send({ job, input })
      .expect(202);
    return response.body as { id: string; created: boolean };
  }

  async function finished(tenantId: string, id: string) {
    return waitFor(
      async () => {
        const response = await p.api.http().get(`/api/v1/jobs/${id}`).set('authorization', `Bearer ${tokenOf(tenantId)}`).expect(200);
        return ['completed', 'failed', 'dead-lettered'].includes(response.body.state) ? response.body : undefined;
      },
      { what: `job ${id} to finish` },
    );
  }

  const jobQueueOf = (module: string): JobQueue =>
    p.api.platform.app.get(ModuleContexts).of(p.api.platform.registry.get(module)!).get<JobQueue>(JOB_QUEUE);

  it('restores tenant, actor, request id and module in the worker, inside a tenant-scoped transaction', async () => {
    const { id, created } = await run(tenantA, 'demo-jobs.probe', {}, { 'x-request-id': 'req-context-probe-1' });
    expect(created).toBe(true);
    const status = await finished(tenantA, id);
    expect(status.state).toBe('completed');
    const observed = status.result as ProbeObservation;
    expect(observed).toEqual({
      tenantId: tenantA,
      actorId: 'user-a',
      requestId: 'req-context-probe-1',
      source: 'job',
      module: 'demo-jobs',
      databaseTenant: tenantA,
      inTransaction: true,
      visibleEffects: 1,
    });
  });

  it("keeps a job's database work inside its own tenant: another tenant's job sees only its own rows", async () => {
    await finished(tenantA, (await run(tenantA, 'demo-jobs.probe', {})).id);
    const status = await finished(tenantB, (await run(tenantB, 'demo-jobs.probe', {})).id);
    expect((status.result as ProbeObservation).tenantId).toBe(tenantB);
    expect((status.result as ProbeObservation).visibleEffects).toBe(1);
    const [rows] = await p.sql<{ n: number }>('SELECT count(*)::int AS n FROM demo_job_effects WHERE tenant_id = $1', [tenantA]);
    expect(rows!.n).toBeGreaterThanOrEqual(2);
  });

  it('takes the tenant from the request context, never from the input', async () => {
    const { id } = await run(tenantA, 'demo-jobs.probe', { note: 'hello', tenantId: tenantB });
    const status = await finished(tenantA, id);
    expect((status.result as ProbeObservation).tenantId).toBe(tenantA);
    const other = await p.api.http().get(`/api/v1/jobs/${id}`).set('authorization', `Bearer ${tokenOf(tenantB)}`).expect(404);
    expect(other.body.error.code).toBe('JOB_NOT_FOUND');
  });

  it('never runs a tenant job whose envelope carries no tenant: it is dead-lettered unrun', async () => {
    const queue = p.queue('demo-jobs');
    const id = randomUUID();
    {
      await queue.add(
        'demo-jobs.probe',
        { format: 1, kind: 'job', module: 'demo-jobs', tenantId: null, actor: null, requestId: 'forged', idempotencyKey: null, schemaVersion: 1, enqueuedAt: new Date().toISOString(), input: {} },
        { jobId: id, priority: 1, attempts: 3 },
      );
      const failed = await waitFor(async () => ((await queue.getJob(id))?.finishedOn ? queue.getJob(id) : undefined), { what: 'the forged job to fail' });
      expect(failed!.failedReason).toMatch(/^ENVELOPE_INVALID: The tenant job carries no tenant/);
      expect(failed!.attemptsMade).toBe(1);
      expect(await p.queue('demo-jobs', true).getJob(id)).toBeDefined();
    }
    const rows = await p.sql('SELECT 1 FROM demo_job_effects WHERE key = $1', [id]);
    expect(rows).toHaveLength(0);
  });

  it('refuses to enqueue a tenant job outside any tenant context', async () => {
    await expect(jobQueueOf('demo-jobs').enqueue('demo-jobs.probe', {})).rejects.toMatchObject({ code: 'TENANT_CONTEXT_MISSING' });
  });

  it('runs a platform job with no tenant in its context', async () => {
    const queue = jobQueueOf('demo-jobs');
    const { id } = await RequestContext.run({ requestId: 'platform-probe', source: 'system' }, () => queue.enqueue('demo-jobs.platform-probe', {}));
    const job = await waitFor(async () => {
      const entry = await p.queue('demo-jobs').getJob(id);
      return entry?.finishedOn ? { returnvalue: entry.returnvalue, state: await entry.getState() } : undefined;
    });
    expect(job).toEqual({ state: 'completed', returnvalue: { tenantId: null, source: 'job' } });
  });

  it("refuses to let a module enqueue another module's job", async () => {
    await expect(
      RequestContext.run({ requestId: 'r', source: 'system', tenantId: tenantA }, () => jobQueueOf('demo-auth').enqueue('demo-jobs.probe', {})),
    ).rejects.toMatchObject({ code: 'JOB_NOT_ACCESSIBLE' });
  });

  it('answers 400 naming the field when the input does not match the job schema', async () => {
    const response = await p.api
      .http()
      .post('/api/v1/demo-jobs/runs')
      .set('authorization', `Bearer ${tokenOf(tenantA)}`)
      .send({ job: 'demo-jobs.flaky', input: { failTimes: 'twice' } })
      .expect(400);
    expect(response.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'input.failTimes' }] });
  });
});
