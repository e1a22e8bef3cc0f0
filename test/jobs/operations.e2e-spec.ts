import { MetricsRegistry } from '@tessera/kernel';
import { testToken } from '../support/demo-modules';
import { startJobPlatforms, type JobPlatforms } from '../support/job-platforms';
import { waitFor } from '../support/wait-for';

const operator = testToken({ id: 'ops-operate', tenantId: null, permissions: ['platform.queues.read', 'platform.queues.operate'] });
const watcher = testToken({ id: 'ops-watch', tenantId: null, permissions: ['platform.queues.read'] });

describe('queue operations for platform operators', () => {
  let p: JobPlatforms;
  let tenant: string;
  const user = () => testToken({ id: 'user', tenantId: tenant, permissions: ['demo-jobs.run', 'jobs.read'] });

  beforeAll(async () => {
    p = await startJobPlatforms({});
    tenant = await p.tenant();
  });
  afterAll(() => p.close());

  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const start = async (job: string, input: unknown) =>
    (await p.api.http().post('/api/v1/demo-jobs/runs').set(as(user())).send({ job, input }).expect(202)).body.id as string;
  const stateOf = async (id: string) => (await p.api.http().get(`/api/v1/jobs/${id}`).set(as(user())).expect(200)).body.state as string;
  const whilePaused = async <T>(fn: () => Promise<T>): Promise<T> => {
    await p.api.http().post('/api/v1/platform/queues/demo-jobs/pause').set(as(operator)).expect(200);
    try {
      return await fn();
    } finally {
      await p.api.http().post('/api/v1/platform/queues/demo-jobs/resume').set(as(operator)).expect(200);
    }
  };
  const auditOfJob = (id: string) =>
    p.sql<{ action: string; actor_id: string; target_type: string; metadata: unknown }>(
      "SELECT action, actor_id, target_type, metadata FROM audit_log WHERE tenant_id IS NULL AND target_id = $1 AND action LIKE 'jobs.%' ORDER BY seq",
      [id],
    );

  it('lists queues with their module, counts by state, dead letters and job types', async () => {
    const response = await p.api.http().get('/api/v1/platform/queues').set(as(watcher)).expect(200);
    const queue = response.body.data.find((q: { name: string }) => q.name === 'demo-jobs');
    expect(queue).toMatchObject({
      module: 'demo-jobs',
      paused: false,
      concurrency: 5,
      counts: { waiting: expect.any(Number), active: expect.any(Number), failed: expect.any(Number) },
      deadLetters: expect.any(Number),
    });
    expect(queue.jobTypes.map((j: { name: string }) => j.name)).toContain('demo-jobs.probe');
  });

  it("shows each module's queues and jobs in the module introspection", async () => {
    const admin = testToken({ id: 'ops-modules', tenantId: null, permissions: ['platform.modules.read'] });
    const response = await p.api.http().get('/api/v1/platform/modules').set(as(admin)).expect(200);
    const demo = response.body.data.find((m: { name: string }) => m.name === 'demo-jobs');
    expect(demo.contributes.queues).toEqual(['demo-jobs', 'demo-jobs.bulk']);
    expect(demo.contributes.jobs).toContainEqual({ name: 'demo-jobs.tick', queue: 'demo-jobs.bulk', scope: 'tenant', schedule: null });
    expect(demo.contributes.jobs).toContainEqual({ name: 'demo-jobs.platform-probe', queue: 'demo-jobs', scope: 'platform', schedule: null });
  });

  it('pauses a queue for every worker and resumes it, auditing both', async () => {
    await p.api.http().post('/api/v1/platform/queues/demo-jobs/pause').set(as(operator)).expect(200);
    const id = await start('demo-jobs.probe', {});
    const paused = await p.api.http().get('/api/v1/platform/queues/demo-jobs').set(as(watcher)).expect(200);
    expect(paused.body).toMatchObject({ paused: true });
    expect(await stateOf(id)).toBe('waiting');
    await p.api.http().post('/api/v1/platform/queues/demo-jobs/resume').set(as(operator)).expect(200);
    await waitFor(async () => (await stateOf(id)) === 'completed', { what: 'the job to run after resume' });
    const actions = await p.sql<{ action: string; actor_id: string; target_id: string }>(
      "SELECT action, actor_id, target_id FROM audit_log WHERE tenant_id IS NULL AND action IN ('jobs.queue-paused', 'jobs.queue-resumed') ORDER BY seq",
    );
    expect(actions).toEqual([
      { action: 'jobs.queue-paused', actor_id: 'ops-operate', target_id: 'demo-jobs' },
      { action: 'jobs.queue-resumed', actor_id: 'ops-operate', target_id: 'demo-jobs' },
    ]);
  });

  it('pages through the jobs of a state with a cursor, without gaps or repeats', async () => {
    await p.api.http().post('/api/v1/platform/queues/demo-jobs/pause').set(as(operator)).expect(200);
    try {
      const ids = [];
      for (let i = 0; i < 5; i++) ids.push(await start('demo-jobs.probe', { note: `page-${i}` }));
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const response = await p.api
          .http()
          .get('/api/v1/platform/queues/demo-jobs/jobs')
          .query({ state: 'waiting', limit: 2, ...(cursor ? { cursor } : {}) })
          .set(as(watcher))
          .expect(200);
        expect(response.body.data.length).toBeLessThanOrEqual(2);
        seen.push(...response.body.data.map((job: { id: string }) => job.id));
        cursor = response.body.nextCursor ?? undefined;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(expect.arrayContaining(ids));
    } finally {
      await p.api.http().post('/api/v1/platform/queues/demo-jobs/resume').set(as(operator)).expect(200);
    }
  });

  it('refuses a cursor it did not issue with 400', async () => {
    const response = await p.api.http().get('/api/v1/platform/queues/demo-jobs/jobs?cursor=forged').set(as(watcher)).expect(400);
    expect(response.body.error.code).toBe('CURSOR_INVALID');
  });

  it('inspects one job: its envelope, input and log', async () => {
    const id = await start('demo-jobs.probe', { note: 'inspect me' });
    await waitFor(async () => (await stateOf(id)) === 'completed');
    const response = await p.api.http().get(`/api/v1/platform/queues/demo-jobs/jobs/${id}`).set(as(watcher)).expect(200);
    expect(response.body).toMatchObject({ id, queue: 'demo-jobs', tenantId: tenant, actor: { kind: 'user', id: 'user' }, input: { note: 'inspect me' }, state: 'completed' });
  });

  it('removes a job that is not running, and refuses to remove a running one', async () => {
    await p.setUpstream('removal', 'down'); // holds the job active until the refused removal is checked
    const running = await start('demo-jobs.slow', { steps: 1, delayMs: 10, holdWhileDown: 'removal' });
    await waitFor(async () => (await stateOf(running)) === 'active');
    const refused = await p.api.http().delete(`/api/v1/platform/queues/demo-jobs/jobs/${running}`).set(as(operator)).expect(409);
    expect(refused.body.error.code).toBe('JOB_ACTIVE');
    await p.setUpstream('removal', 'up');
    await waitFor(async () => (await stateOf(running)) === 'completed', { timeoutMs: 30_000 });
    await p.api.http().delete(`/api/v1/platform/queues/demo-jobs/jobs/${running}`).set(as(operator)).expect(204);
    await p.api.http().get(`/api/v1/jobs/${running}`).set(as(user())).expect(404);
    // One entry, for the removal that happened; the refused attempt left none.
    expect(await auditOfJob(running)).toEqual([
      { action: 'jobs.job-removed', actor_id: 'ops-operate', target_type: 'job', metadata: { queue: 'demo-jobs', job: 'demo-jobs.slow' } },
    ]);
  });

  it('retries a failed job through the API', async () => {
    await p.setUpstream('billing', 'down'); // every attempt fails until the test brings it back
    const id = await start('demo-jobs.flaky', { failTimes: 0, failWhileDown: 'billing' });
    await waitFor(async () => (await stateOf(id)) === 'dead-lettered');
    await p.setUpstream('billing', 'up');
    const response = await p.api.http().post(`/api/v1/platform/queues/demo-jobs/jobs/${id}/retry`).set(as(operator)).expect(200);
    expect(response.body).toEqual({ id, outcome: 'replayed' });
    await waitFor(async () => (await stateOf(id)) === 'completed');
    expect(await auditOfJob(id)).toEqual([
      { action: 'jobs.job-retried', actor_id: 'ops-operate', target_type: 'job', metadata: { queue: 'demo-jobs', job: 'demo-jobs.flaky' } },
    ]);
    // Retrying a job that has not failed is refused, and not audited.
    expect((await p.api.http().post(`/api/v1/platform/queues/demo-jobs/jobs/${id}/retry`).set(as(operator)).expect(409)).body.error.code).toBe('JOB_NOT_FAILED');
    expect(await auditOfJob(id)).toHaveLength(1);
  });

  it('lets a read-only operator look but not act, and keeps tenants out', async () => {
    const pause = await p.api.http().post('/api/v1/platform/queues/demo-jobs/pause').set(as(watcher)).expect(403);
    expect(pause.body.error.details).toEqual({ missing: ['platform.queues.operate'] });
    await p.api.http().get('/api/v1/platform/queues').set(as(user())).expect(403);
    await p.api.http().get('/api/v1/platform/queues').expect(401);
    const unknown = await p.api.http().get('/api/v1/platform/queues/no-such-queue').set(as(watcher)).expect(404);
    expect(unknown.body.error.code).toBe('QUEUE_NOT_FOUND');
  });

  it('exports queue depths by state, dead letters and processing durations to Prometheus, never labelled by tenant', async () => {
    await start('demo-jobs.probe', {});
    const dead = await start('demo-jobs.flaky', { failTimes: 0, nonRetryable: true });
    await waitFor(async () => (await stateOf(dead)) === 'dead-lettered');
    // One job running and one held back by a pause while Prometheus scrapes.
    await p.setUpstream('scrape', 'down'); // holds the slow job active until the scrape is taken
    const running = await start('demo-jobs.slow', { steps: 1, delayMs: 10, holdWhileDown: 'scrape' });
    await waitFor(async () => (await stateOf(running)) === 'active', { what: 'the slow job to start' });
    const { held, scrape } = await whilePaused(async () => {
      const id = await start('demo-jobs.probe', { note: 'held by the pause' });
      return { held: id, scrape: (await p.api.http().get('/metrics').expect(200)).text };
    });
    await p.setUpstream('scrape', 'up');
    const depth = (state: string) => sample(scrape, 'tessera_jobs_queue_jobs', { queue: 'demo-jobs', module: 'demo-jobs', state });
    expect(depth('completed')).toBeGreaterThan(0);
    expect(depth('active')).toBeGreaterThanOrEqual(1);
    // A dead-lettered job stays failed in its queue until its retention ends.
    expect(depth('failed')).toBeGreaterThanOrEqual(1);
    // Fair queuing keeps waiting jobs in BullMQ's prioritized set (the held job is there); the waiting series is still exported.
    expect(Number.isFinite(depth('waiting'))).toBe(true);
    expect(depth('prioritized')).toBeGreaterThanOrEqual(1);
    expect(sample(scrape, 'tessera_jobs_dead_letters', { queue: 'demo-jobs', module: 'demo-jobs' })).toBeGreaterThan(0);
    expect(sample(scrape, 'tessera_jobs_enqueued_total', { queue: 'demo-jobs', job: 'demo-jobs.probe' })).toBeGreaterThan(0);
    const workerScrape = await p.worker!.platform.app.get(MetricsRegistry).registry.metrics();
    expect(sample(workerScrape, 'tessera_jobs_processing_duration_seconds_count', { queue: 'demo-jobs', job: 'demo-jobs.probe', outcome: 'completed' })).toBeGreaterThan(0);
    expect(sample(workerScrape, 'tessera_jobs_attempts_total', { job: 'demo-jobs.flaky', outcome: 'dead-lettered' })).toBeGreaterThan(0);
    for (const line of [...scrape.split('\n'), ...workerScrape.split('\n')].filter((l) => l.startsWith('tessera_jobs_'))) {
      expect(line).not.toMatch(/tenant/i);
    }
    // The depth series carry queue, module and state, plus the registry's default label (the process role).
    const depthLabels = scrape.split('\n').filter((l) => l.startsWith('tessera_jobs_queue_jobs{')).map((l) => labelNames(l));
    expect(new Set(depthLabels)).toEqual(new Set(['module,queue,role,state']));
    for (const id of [running, held]) await waitFor(async () => (await stateOf(id)) === 'completed', { timeoutMs: 30_000, what: `job ${id} to complete` });
  });
});

describe('the queue dashboard behind platform-admin authentication', () => {
  let p: JobPlatforms;
  const base = '/api/v1/platform/queues/dashboard';

  beforeAll(async () => {
    p = await startJobPlatforms({ worker: false });
  });
  afterAll(() => p.close());

  async function sessionCookie(token: string): Promise<{ cookie: string; setCookie: string; mode: string }> {
    const issued = await p.api.http().post('/api/v1/platform/queues/dashboard-sessions').set('authorization', `Bearer ${token}`).expect(201);
    const login = await p.api.http().post(issued.body.loginUrl).type('form').send({ ticket: issued.body.ticket }).expect(303);
    expect(login.headers.location).toBe(`${base}/`);
    const setCookie = ([] as string[]).concat(login.headers['set-cookie'] ?? [])[0]!;
    return { cookie: setCookie.split(';')[0]!, setCookie, mode: issued.body.mode };
  }

  it('refuses the dashboard without a session', async () => {
    const response = await p.api.http().get(`${base}/`).expect(401);
    expect(response.body.error.code).toBe('DASHBOARD_SESSION_REQUIRED');
    await p.api.http().get(`${base}/api/queues`).set('cookie', 'tessera_queues_session=forged-forged-forged-forged').expect(401);
  });

  it('exchanges a bearer token for a single-use ticket and the ticket for an HttpOnly, SameSite=Strict cookie scoped to the dashboard', async () => {
    const issued = await p.api.http().post('/api/v1/platform/queues/dashboard-sessions').set('authorization', `Bearer ${watcher}`).expect(201);
    const login = await p.api.http().post(issued.body.loginUrl).type('form').send({ ticket: issued.body.ticket }).expect(303);
    const setCookie = ([] as string[]).concat(login.headers['set-cookie'] ?? [])[0]!;
    expect(setCookie).toMatch(/^tessera_queues_session=[A-Za-z0-9_-]{40,}; Path=\/api\/v1\/platform\/queues\/dashboard; Max-Age=900; HttpOnly; SameSite=Strict$/);
    const reused = await p.api.http().post(issued.body.loginUrl).type('form').send({ ticket: issued.body.ticket }).expect(401);
    expect(reused.body.error.code).toBe('DASHBOARD_TICKET_INVALID');
  });

  it('serves bull-board with every queue and its dead letters to a valid session', async () => {
    const { cookie } = await sessionCookie(watcher);
    const page = await p.api.http().get(`${base}/`).set('cookie', cookie).expect(200);
    expect(page.text).toContain('<title>Tessera queues</title>');
    const queues = await p.api.http().get(`${base}/api/queues`).set('cookie', cookie).expect(200);
    const names = queues.body.queues.map((q: { name: string }) => q.name);
    expect(names).toEqual(expect.arrayContaining(['demo-jobs', 'demo-jobs--dead-letters', 'demo-jobs.bulk']));
  });

  it('keeps a read-only session read-only, server-side', async () => {
    const { cookie, mode } = await sessionCookie(watcher);
    expect(mode).toBe('read');
    const response = await p.api.http().put(`${base}/api/queues/demo-jobs/pause`).set('cookie', cookie).expect(403);
    expect(response.body.error.code).toBe('DASHBOARD_READ_ONLY');
    expect(await p.queue('demo-jobs').isPaused()).toBe(false);
  });

  it('lets an operate session act, audits the action, and refuses job creation and cross-site requests', async () => {
    const { cookie, mode } = await sessionCookie(operator);
    expect(mode).toBe('operate');
    await p.api.http().put(`${base}/api/queues/demo-jobs/pause`).set('cookie', cookie).expect(200);
    expect(await p.queue('demo-jobs').isPaused()).toBe(true);
    await p.api.http().put(`${base}/api/queues/demo-jobs/resume`).set('cookie', cookie).expect(200);
    const audited = await p.sql<{ actor_id: string; metadata: { method: string; path: string } }>(
      "SELECT actor_id, metadata FROM audit_log WHERE tenant_id IS NULL AND action = 'jobs.dashboard-action' ORDER BY seq",
    );
    expect(audited.map((row) => [row.actor_id, row.metadata.method, row.metadata.path])).toEqual([
      ['ops-operate', 'PUT', '/api/queues/demo-jobs/pause'],
      ['ops-operate', 'PUT', '/api/queues/demo-jobs/resume'],
    ]);
    const add = await p.api.http().post(`${base}/api/queues/demo-jobs/add`).set('cookie', cookie).send({ name: 'demo-jobs.probe', data: { tenantId: 'x' } }).expect(403);
    expect(add.body.error.code).toBe('DASHBOARD_ACTION_NOT_ALLOWED');
    const crossSite = await p.api.http().put(`${base}/api/queues/demo-jobs/pause`).set({ cookie, origin: 'https://evil.example' }).expect(403);
    expect(crossSite.body.error.code).toBe('DASHBOARD_ORIGIN_REFUSED');
  });

  it('ends the session at logout', async () => {
    const { cookie } = await sessionCookie(watcher);
    await p.api.http().post(`${base}/logout`).set('cookie', cookie).expect(204);
    await p.api.http().get(`${base}/api/queues`).set('cookie', cookie).expect(401);
  });

  it('gives no dashboard session to a tenant user or an anonymous caller', async () => {
    const tenantUser = testToken({ id: 'u', tenantId: await p.tenant(), permissions: ['jobs.read'] });
    await p.api.http().post('/api/v1/platform/queues/dashboard-sessions').set('authorization', `Bearer ${tenantUser}`).expect(403);
    await p.api.http().post('/api/v1/platform/queues/dashboard-sessions').expect(401);
  });
});

/** The label names of one sample line, sorted and comma-separated. */
function labelNames(line: string): string {
  const inner = /\{([^}]*)\}/.exec(line)?.[1] ?? '';
  return inner
    .split(',')
    .map((pair) => pair.split('=')[0]!)
    .sort()
    .join(',');
}

/** The value of the first sample of `metric` whose labels include `labels`, whatever their order. */
function sample(scrape: string, metric: string, labels: Record<string, string>): number {
  for (const line of scrape.split('\n')) {
    const match = /^([a-z_]+)\{([^}]*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== metric) continue;
    const found = Object.fromEntries(match[2]!.split(',').map((pair) => pair.split('=')).map(([k, v]) => [k, v!.replace(/"/g, '')]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return Number.NaN;
}
