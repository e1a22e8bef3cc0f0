import { testToken } from '../support/demo-modules';
import { startJobPlatforms, type JobPlatforms } from '../support/job-platforms';

describe('enqueuing with an idempotency key', () => {
  let p: JobPlatforms;
  let tenantA: string;
  let tenantB: string;

  beforeAll(async () => {
    // No worker: jobs stay waiting, so the queue shows exactly what enqueuing created.
    p = await startJobPlatforms({ worker: false });
    [tenantA, tenantB] = [await p.tenant(), await p.tenant()];
  });
  afterAll(() => p.close());

  const enqueue = (tenantId: string, idempotencyKey: string | undefined, input: unknown = { n: 1 }) =>
    p.api
      .http()
      .post('/api/v1/demo-jobs/runs')
      .set('authorization', `Bearer ${testToken({ id: 'user', tenantId, permissions: ['demo-jobs.run'] })}`)
      .send({ job: 'demo-jobs.tick', input, idempotencyKey })
      .expect(202)
      .then((response) => response.body as { id: string; created: boolean });

  const waitingIds = async () => (await p.queue('demo-jobs.bulk').getJobs(['prioritized', 'wait'])).map((job) => job.id);

  it('creates one job when the same key is enqueued twice, and says the second was not created', async () => {
    const first = await enqueue(tenantA, 'import-2024-06-01');
    const second = await enqueue(tenantA, 'import-2024-06-01', { n: 2 });
    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, created: false });
    expect((await waitingIds()).filter((id) => id === first.id)).toHaveLength(1);
    expect((await p.queue('demo-jobs.bulk').getJob(first.id))!.data.input).toEqual({ n: 1 });
  });

  it('creates a new job for every enqueue without a key', async () => {
    const [a, b] = [await enqueue(tenantA, undefined), await enqueue(tenantA, undefined)];
    expect(a.id).not.toBe(b.id);
    expect([a.created, b.created]).toEqual([true, true]);
  });

  it("keeps two tenants' identical keys apart: each gets its own job", async () => {
    const a = await enqueue(tenantA, 'same-key');
    const b = await enqueue(tenantB, 'same-key');
    expect(a.id).not.toBe(b.id);
    expect([a.created, b.created]).toEqual([true, true]);
  });

  it('creates one job when many requests race with the same key', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => enqueue(tenantA, 'raced-key')));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    // Staged in concurrent transactions, none can know another will win: several may say created, one job exists.
    expect(results.some((r) => r.created)).toBe(true);
    expect((await waitingIds()).filter((id) => id === results[0]!.id)).toHaveLength(1);
  });

  it('refuses a key that is not printable ASCII, naming the field', async () => {
    const response = await p.api
      .http()
      .post('/api/v1/demo-jobs/runs')
      .set('authorization', `Bearer ${testToken({ id: 'user', tenantId: tenantA, permissions: ['demo-jobs.run'] })}`)
      .send({ job: 'demo-jobs.tick', input: { n: 1 }, idempotencyKey: 'has space' })
      .expect(400);
    expect(response.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'idempotencyKey' }] });
  });
});
