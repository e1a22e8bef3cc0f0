import { testToken } from '../support/demo-modules';
import { startJobPlatforms, type JobPlatforms } from '../support/job-platforms';
import { waitFor } from '../support/wait-for';

describe('retries, dead letters and replays', () => {
  let p: JobPlatforms;
  let tenantA: string;
  let tenantB: string;
  /** Tenant A's job that fails on every attempt (dead-lettered with JOB_HANDLER_FAILED, and again after any replay). */
  let alwaysFailingOfA: string;
  const operator = testToken({ id: 'ops-1', tenantId: null, permissions: ['platform.queues.read', 'platform.queues.operate'] });
  const watcher = testToken({ id: 'ops-2', tenantId: null, permissions: ['platform.queues.read'] });
  const userOf = (tenantId: string) => testToken({ id: 'user', tenantId, permissions: ['demo-jobs.run', 'jobs.read'] });

  beforeAll(async () => {
    p = await startJobPlatforms({});
    [tenantA, tenantB] = [await p.tenant(), await p.tenant()];
  });
  afterAll(() => p.close());

  async function run(tenantId: string, input: unknown): Promise<string> {
    const response = await p.api
      .http()
      .post('/api/v1/demo-jobs/runs')
      .set('authorization', `Bearer ${userOf(tenantId)}`)
      .send({ job: 'demo-jobs.flaky', input })
      .expect(202);
    return response.body.id as string;
  }

  const statusOf = async (tenantId: string, id: string) =>
    (await p.api.http().get(`/api/v1/jobs/${id}`).set('authorization', `Bearer ${userOf(tenantId)}`).expect(200)).body;

  const settled = (tenantId: string, id: string) =>
    waitFor(async () => {
      const status = await statusOf(tenantId, id);
      return ['completed', 'dead-lettered'].includes(status.state) ? status : undefined;
    }, { what: `job ${id} to settle` });

  const deadLetters = async (query = '') =>
    (await p.api.http().get(`/api/v1/platform/queues/demo-jobs/dead-letters${query}`).set('authorization', `Bearer ${operator}`).expect(200)).body;

  it('retries a failing job with backoff until an attempt succeeds', async () => {
    const id = await run(tenantA, { failTimes: 2 });
    const status = await settled(tenantA, id);
    expect(status).toMatchObject({ state: 'completed', result: { attempt: 3 }, maxAttempts: 3 });
    const { logs } = await p.queue('demo-jobs').getJobLogs(id);
    expect(logs.filter((line) => line.startsWith('attempt-failed'))).toHaveLength(2);
  });

  it('dead-letters a job after its last attempt, with its error and the history of every attempt', async () => {
    const id = await run(tenantA, { failTimes: 10 });
    alwaysFailingOfA = id;
    const status = await settled(tenantA, id);
    // The tenant sees the code, not the internal message.
    expect(status).toMatchObject({ state: 'dead-lettered', attemptsMade: 3, error: { code: 'JOB_HANDLER_FAILED', message: expect.stringMatching(/^The job failed unexpectedly/) } });
    const entry = (await deadLetters()).data.find((d: { id: string }) => d.id === id);
    expect(entry).toMatchObject({
      name: 'demo-jobs.flaky',
      tenantId: tenantA,
      attemptsMade: 3,
      error: { code: 'JOB_HANDLER_FAILED', message: 'demo failure on attempt 3' },
      attempts: [
        { attempt: 1, code: 'JOB_HANDLER_FAILED', message: 'demo failure on attempt 1' },
        { attempt: 2, code: 'JOB_HANDLER_FAILED', message: 'demo failure on attempt 2' },
        { attempt: 3, code: 'JOB_HANDLER_FAILED', message: 'demo failure on attempt 3' },
      ],
    });
  });

  it('dead-letters a non-retryable failure after its first attempt, with its own code', async () => {
    const id = await run(tenantA, { failTimes: 0, nonRetryable: true });
    const status = await settled(tenantA, id);
    expect(status).toMatchObject({ state: 'dead-lettered', attemptsMade: 1, error: { code: 'DEMO_INPUT_REJECTED', message: 'The demo job refuses this input for good.' } });
  });

  it('replays one dead letter under the same id, and the job completes once its cause is gone', async () => {
    await p.setUpstream('billing', 'down'); // every attempt fails until the test brings it back
    const id = await run(tenantB, { failTimes: 0, failWhileDown: 'billing' });
    expect((await settled(tenantB, id)).state).toBe('dead-lettered');
    await p.setUpstream('billing', 'up');

    const replay = await p.api.http().post(`/api/v1/platform/queues/demo-jobs/dead-letters/${id}/replay`).set('authorization', `Bearer ${operator}`).expect(200);
    expect(replay.body).toEqual({ id, outcome: 'replayed' });
    const status = await settled(tenantB, id);
    expect(status).toMatchObject({ state: 'completed', result: { attempt: 1 } });
    expect((await deadLetters()).data.some((d: { id: string }) => d.id === id)).toBe(false);
    const job = await p.queue('demo-jobs').getJob(id);
    expect(job!.data).toMatchObject({ tenantId: tenantB, replayOf: id, actor: { id: 'user' } });
  });

  it('replays the dead letters matching a filter, and only those', async () => {
    // Down until every attempt of the three jobs has failed, then back before the replay.
    await p.setUpstream('search', 'down');
    const input = { failTimes: 0, failWhileDown: 'search' };
    const ofA = [await run(tenantA, input), await run(tenantA, input)];
    const ofB = await run(tenantB, input);
    for (const id of ofA) await settled(tenantA, id);
    await settled(tenantB, ofB);
    await p.setUpstream('search', 'up');

    const response = await p.api
      .http()
      .post('/api/v1/platform/queues/demo-jobs/dead-letters/replay')
      .set('authorization', `Bearer ${operator}`)
      .send({ tenantId: tenantA, name: 'demo-jobs.flaky', code: 'JOB_HANDLER_FAILED', limit: 10 })
      .expect(200);
    // The filter matches A's two jobs and A's always-failing job from an earlier test: that one runs again
    // and is dead-lettered again once its attempts are spent.
    expect(response.body.replayed).toBe(3);
    for (const id of ofA) expect((await settled(tenantA, id)).state).toBe('completed');
    expect((await statusOf(tenantB, ofB)).state).toBe('dead-lettered');
    await waitFor(
      async () => ((await deadLetters(`?tenantId=${tenantA}`)).data.some((d: { id: string }) => d.id === alwaysFailingOfA) ? true : undefined),
      { what: 'the always-failing job to be dead-lettered again' },
    );
    // Tenant A's non-retryable dead letter has another code: the filter left it alone.
    const remaining = await deadLetters(`?tenantId=${tenantA}`);
    const codes = remaining.data.map((d: { id: string; error: { code: string } }) => `${d.id === alwaysFailingOfA ? 'always-failing' : 'other'}:${d.error.code}`);
    expect(codes.sort()).toEqual(['always-failing:JOB_HANDLER_FAILED', 'other:DEMO_INPUT_REJECTED']);
  });

  it('audits every replay in the platform audit trail, with the operator as actor', async () => {
    const rows = await p.sql<{ action: string; actor_id: string }>(
      "SELECT action, actor_id FROM audit_log WHERE tenant_id IS NULL AND action LIKE 'jobs.%' ORDER BY seq",
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        { action: 'jobs.dead-letter-replayed', actor_id: 'ops-1' },
        { action: 'jobs.dead-letters-replayed', actor_id: 'ops-1' },
      ]),
    );
  });

  it('discards a dead letter for good, audited with the operator as actor; the failed job stays failed and is not run again', async () => {
    const id = await run(tenantB, { failTimes: 0, nonRetryable: true });
    expect((await settled(tenantB, id)).state).toBe('dead-lettered');
    const discard = () => p.api.http().delete(`/api/v1/platform/queues/demo-jobs/dead-letters/${id}`).set('authorization', `Bearer ${operator}`);
    const auditOfDiscard = () =>
      p.sql<{ actor_id: string; target_type: string; metadata: unknown }>(
        "SELECT actor_id, target_type, metadata FROM audit_log WHERE tenant_id IS NULL AND action = 'jobs.dead-letter-discarded' AND target_id = $1 ORDER BY seq",
        [id],
      );

    await discard().expect(204);
    expect((await deadLetters(`?tenantId=${tenantB}`)).data.some((d: { id: string }) => d.id === id)).toBe(false);
    // The original keeps its failure (until its retention ends); the tenant now sees it failed, not waiting for an operator.
    expect(await (await p.queue('demo-jobs').getJob(id))!.getState()).toBe('failed');
    expect(await statusOf(tenantB, id)).toMatchObject({ state: 'failed', error: { code: 'DEMO_INPUT_REJECTED' } });
    expect(await auditOfDiscard()).toEqual([{ actor_id: 'ops-1', target_type: 'job', metadata: { queue: 'demo-jobs' } }]);

    // Gone: a second discard and a replay answer 404, and the refused discard leaves no audit entry.
    expect((await discard().expect(404)).body.error.code).toBe('DEAD_LETTER_NOT_FOUND');
    await p.api.http().post(`/api/v1/platform/queues/demo-jobs/dead-letters/${id}/replay`).set('authorization', `Bearer ${operator}`).expect(404);
    expect(await auditOfDiscard()).toHaveLength(1);
  });

  it('refuses a discard to a read-only operator and to anonymous callers, and keeps the dead letter', async () => {
    const id = await run(tenantB, { failTimes: 0, nonRetryable: true });
    expect((await settled(tenantB, id)).state).toBe('dead-lettered');
    const readOnly = await p.api.http().delete(`/api/v1/platform/queues/demo-jobs/dead-letters/${id}`).set('authorization', `Bearer ${watcher}`).expect(403);
    expect(readOnly.body.error).toMatchObject({ code: 'PERMISSION_DENIED', details: { missing: ['platform.queues.operate'] } });
    await p.api.http().delete(`/api/v1/platform/queues/demo-jobs/dead-letters/${id}`).expect(401);
    expect((await deadLetters(`?tenantId=${tenantB}`)).data.some((d: { id: string }) => d.id === id)).toBe(true);
    const unknownQueue = await p.api.http().delete(`/api/v1/platform/queues/no-such-queue/dead-letters/${id}`).set('authorization', `Bearer ${operator}`).expect(404);
    expect(unknownQueue.body.error.code).toBe('QUEUE_NOT_FOUND');
  });

  it('refuses replays to a read-only operator and to anonymous callers', async () => {
    const readOnly = await p.api.http().post('/api/v1/platform/queues/demo-jobs/dead-letters/replay').set('authorization', `Bearer ${watcher}`).send({}).expect(403);
    expect(readOnly.body.error).toMatchObject({ code: 'PERMISSION_DENIED', details: { missing: ['platform.queues.operate'] } });
    await p.api.http().post('/api/v1/platform/queues/demo-jobs/dead-letters/replay').send({}).expect(401);
  });

  it('answers 404 for a replay of an id that is not a dead letter', async () => {
    const response = await p.api.http().post('/api/v1/platform/queues/demo-jobs/dead-letters/unknown-id-123/replay').set('authorization', `Bearer ${operator}`).expect(404);
    expect(response.body.error.code).toBe('DEAD_LETTER_NOT_FOUND');
  });
});
