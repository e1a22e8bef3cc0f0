import { ModuleContexts } from '@tessera/kernel';
import { JOB_QUEUE, RequestContext, type JobQueue } from '@tessera/module-sdk';
import { testToken } from '../support/demo-modules';
import { startJobPlatforms, type JobPlatforms } from '../support/job-platforms';
import { waitFor } from '../support/wait-for';

describe('job status and progress, as a tenant sees them', () => {
  let p: JobPlatforms;
  let tenantA: string;
  let tenantB: string;
  const userOf = (tenantId: string, permissions = ['demo-jobs.run', 'jobs.read']) => testToken({ id: 'user', tenantId, permissions });

  beforeAll(async () => {
    p = await startJobPlatforms({});
    [tenantA, tenantB] = [await p.tenant(), await p.tenant()];
  });
  afterAll(() => p.close());

  const start = async (tenantId: string, job: string, input: unknown) =>
    (await p.api.http().post('/api/v1/demo-jobs/runs').set('authorization', `Bearer ${userOf(tenantId)}`).send({ job, input }).expect(202)).body.id as string;
  const statusOf = async (tenantId: string, id: string) =>
    (await p.api.http().get(`/api/v1/jobs/${id}`).set('authorization', `Bearer ${userOf(tenantId)}`).expect(200)).body;

  it('shows a long job running with its progress percentage and message, then its result', async () => {
    const id = await start(tenantA, 'demo-jobs.slow', { steps: 8, delayMs: 150 });
    const midway = await waitFor(async () => {
      const status = await statusOf(tenantA, id);
      return status.state === 'active' && status.progress && status.progress.percent > 0 && status.progress.percent < 100 ? status : undefined;
    }, { intervalMs: 30, what: 'progress midway' });
    expect(midway.progress.message).toMatch(/^step [1-7] of 8$/);
    expect(midway.startedAt).not.toBeNull();
    const done = await waitFor(async () => {
      const status = await statusOf(tenantA, id);
      return status.state === 'completed' ? status : undefined;
    });
    expect(done).toMatchObject({ name: 'demo-jobs.slow', module: 'demo-jobs', result: { done: 8 }, progress: { percent: 100, message: 'step 8 of 8' }, error: null });
    expect(Date.parse(done.finishedAt)).toBeGreaterThanOrEqual(Date.parse(done.startedAt));
  });

  it('holds a delayed job until its time, then runs it', async () => {
    const jobs = p.api.platform.app.get(ModuleContexts).of(p.api.platform.registry.get('demo-jobs')!).get<JobQueue>(JOB_QUEUE);
    const { id } = await RequestContext.run({ requestId: 'delayed', source: 'system', tenantId: tenantA }, () => jobs.enqueue('demo-jobs.probe', {}, { delayMs: 1_500 }));
    expect((await statusOf(tenantA, id)).state).toBe('delayed');
    const done = await waitFor(async () => {
      const status = await statusOf(tenantA, id);
      return status.state === 'completed' ? status : undefined;
    });
    expect(Date.parse(done.startedAt) - Date.parse(done.createdAt)).toBeGreaterThanOrEqual(1_400);
  });

  it("answers 404 for another tenant's job, exactly as for a job that does not exist", async () => {
    const id = await start(tenantA, 'demo-jobs.probe', {});
    const other = await p.api.http().get(`/api/v1/jobs/${id}`).set('authorization', `Bearer ${userOf(tenantB)}`).expect(404);
    const missing = await p.api.http().get('/api/v1/jobs/0190ffff-ffff-7fff-bfff-ffffffffffff').set('authorization', `Bearer ${userOf(tenantB)}`).expect(404);
    expect(other.body.error.code).toBe('JOB_NOT_FOUND');
    expect(missing.body.error.code).toBe('JOB_NOT_FOUND');
    expect(other.body.error.message.replace(id, 'ID')).toBe(missing.body.error.message.replace('0190ffff-ffff-7fff-bfff-ffffffffffff', 'ID'));
  });

  it('refuses the status to a user without jobs.read, and a malformed id with 400', async () => {
    const id = await start(tenantA, 'demo-jobs.probe', {});
    const denied = await p.api.http().get(`/api/v1/jobs/${id}`).set('authorization', `Bearer ${userOf(tenantA, ['demo-jobs.run'])}`).expect(403);
    expect(denied.body.error.code).toBe('PERMISSION_DENIED');
    const malformed = await p.api.http().get('/api/v1/jobs/not%20an%20id').set('authorization', `Bearer ${userOf(tenantA)}`).expect(400);
    expect(malformed.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'id' }] });
  });

  it('refuses an input over the size limit with 413, before anything is queued', async () => {
    const response = await p.api
      .http()
      .post('/api/v1/demo-jobs/runs')
      .set('authorization', `Bearer ${userOf(tenantA)}`)
      .send({ job: 'demo-jobs.probe', input: { note: 'x'.repeat(300_000) } })
      .expect(413);
    expect(response.body.error.code).toBe('JOB_INPUT_TOO_LARGE');
  });

  it('resumes a retried job after its last completed step, and forgets the steps once it completes', async () => {
    const id = await start(tenantA, 'demo-jobs.checkpointed', {});
    const done = await waitFor(async () => {
      const status = await statusOf(tenantA, id);
      return status.state === 'completed' ? status : undefined;
    });
    expect(done.result).toEqual({ oneRanOnAttempt: 1, twoRanOnAttempt: 2 });
    const effects = await p.sql<{ key: string }>('SELECT key FROM demo_job_effects WHERE key LIKE $1 ORDER BY key', [`${id}:%`]);
    expect(effects.map((e) => e.key)).toEqual([`${id}:one`, `${id}:two`]);
    await waitFor(async () => (await p.sql('SELECT 1 FROM job_steps WHERE job_key = $1', [`demo-jobs/${id}`])).length === 0, { what: 'the step ledger to be forgotten' });
  });
});
