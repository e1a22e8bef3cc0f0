import type { ModuleEnablement } from '@tessera/kernel';
import { testToken } from '../support/demo-modules';
import { startJobPlatforms, type JobPlatforms } from '../support/job-platforms';
import { waitFor } from '../support/wait-for';

/** A test implementation of the MODULE_ENABLEMENT port, given to the platform through `ports`. */
class SwitchableEnablement implements ModuleEnablement {
  private readonly off = new Set<string>();
  isEnabled(tenantId: string, module: string): boolean {
    return !this.off.has(`${tenantId}/${module}`);
  }
  set(tenantId: string, module: string, enabled: boolean): void {
    if (enabled) this.off.delete(`${tenantId}/${module}`);
    else this.off.add(`${tenantId}/${module}`);
  }
}

describe('jobs of a module that is switched off for a tenant', () => {
  const enablement = new SwitchableEnablement();
  let p: JobPlatforms;
  let tenantOff: string;
  let tenantOn: string;
  const userOf = (tenantId: string) => testToken({ id: 'user', tenantId, permissions: ['demo-jobs.run', 'jobs.read'] });
  const operator = testToken({ id: 'ops', tenantId: null, permissions: ['platform.queues.read', 'platform.queues.operate'] });
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    p = await startJobPlatforms({ worker: false, ports: { moduleEnablement: enablement } });
    [tenantOff, tenantOn] = [await p.tenant(), await p.tenant()];
    // Both jobs are enqueued while the module is on; it is switched off for one tenant before they run.
    for (const tenantId of [tenantOff, tenantOn]) {
      const response = await p.api
        .http()
        .post('/api/v1/demo-jobs/runs')
        .set('authorization', `Bearer ${userOf(tenantId)}`)
        .send({ job: 'demo-jobs.probe', input: {} })
        .expect(202);
      ids[tenantId] = response.body.id;
    }
    enablement.set(tenantOff, 'demo-jobs', false);
    await p.startWorker();
  });
  afterAll(() => p.close());

  const statusOf = async (tenantId: string) =>
    (await p.api.http().get(`/api/v1/jobs/${ids[tenantId]}`).set('authorization', `Bearer ${userOf(tenantId)}`).expect(200)).body;
  const settled = (tenantId: string) =>
    waitFor(async () => {
      const status = await statusOf(tenantId);
      return ['completed', 'dead-lettered'].includes(status.state) ? status : undefined;
    });

  it('runs the job of the tenant that has the module on', async () => {
    expect(await settled(tenantOn)).toMatchObject({ state: 'completed', result: { tenantId: tenantOn } });
  });

  it('refuses the job of the tenant that has it off, says why, and does not retry it', async () => {
    const status = await settled(tenantOff);
    expect(status).toMatchObject({
      state: 'dead-lettered',
      attemptsMade: 1,
      error: { code: 'MODULE_DISABLED', message: expect.stringContaining('not enabled for this tenant') },
    });
    const rows = await p.sql('SELECT 1 FROM demo_job_effects WHERE tenant_id = $1', [tenantOff]);
    expect(rows).toHaveLength(0);
  });

  it('shows the refusal to operators among the dead letters, filterable by its code', async () => {
    const response = await p.api
      .http()
      .get('/api/v1/platform/queues/demo-jobs/dead-letters?code=MODULE_DISABLED')
      .set('authorization', `Bearer ${operator}`)
      .expect(200);
    expect(response.body.data).toEqual([expect.objectContaining({ id: ids[tenantOff], tenantId: tenantOff, error: expect.objectContaining({ code: 'MODULE_DISABLED' }) })]);
  });

  it("answers the tenant's requests to the module with 403 MODULE_DISABLED too", async () => {
    const response = await p.api.http().post('/api/v1/demo-jobs/runs').set('authorization', `Bearer ${userOf(tenantOff)}`).send({ job: 'demo-jobs.probe', input: {} }).expect(403);
    expect(response.body.error.code).toBe('MODULE_DISABLED');
  });

  it('runs the job once the module is back on and the dead letter is replayed', async () => {
    enablement.set(tenantOff, 'demo-jobs', true);
    await p.api.http().post(`/api/v1/platform/queues/demo-jobs/dead-letters/${ids[tenantOff]}/replay`).set('authorization', `Bearer ${operator}`).expect(200);
    expect(await settled(tenantOff)).toMatchObject({ state: 'completed', result: { tenantId: tenantOff } });
  });
});

describe('jobs of a module a tenant admin switched off (the real per-tenant enablement)', () => {
  let p: JobPlatforms;
  let tenantA: string;
  let tenantB: string;
  const userOf = (tenantId: string) => testToken({ id: 'user', tenantId, permissions: ['demo-jobs.run', 'jobs.read'] });
  const adminOf = (tenantId: string) => testToken({ id: 'admin', tenantId, permissions: ['modules.read', 'modules.manage'] });
  const operator = testToken({ id: 'ops', tenantId: null, permissions: ['platform.queues.read', 'platform.queues.operate'] });
  const ids: Record<string, string> = {};
  const setModule = (tenantId: string, enabled: boolean) =>
    p.api.http().put('/api/v1/tenant/modules/demo-jobs').set('authorization', `Bearer ${adminOf(tenantId)}`).send({ enabled });

  beforeAll(async () => {
    p = await startJobPlatforms({ worker: false });
    [tenantA, tenantB] = [await p.tenant(), await p.tenant()];
    for (const tenantId of [tenantA, tenantB]) {
      const response = await p.api.http().post('/api/v1/demo-jobs/runs').set('authorization', `Bearer ${userOf(tenantId)}`).send({ job: 'demo-jobs.probe', input: {} }).expect(202);
      ids[tenantId] = response.body.id;
    }
    // Tenant A's admin turns the module off through the admin API before the worker picks the jobs up.
    const off = await setModule(tenantA, false).expect(200);
    expect(off.body.changes).toEqual([{ module: 'demo-jobs', before: { enabled: true, choice: null }, after: { enabled: false, choice: false } }]);
    await p.startWorker();
  });
  afterAll(() => p.close());

  const settled = (tenantId: string) =>
    waitFor(async () => {
      const status = (await p.api.http().get(`/api/v1/jobs/${ids[tenantId]}`).set('authorization', `Bearer ${userOf(tenantId)}`).expect(200)).body;
      return ['completed', 'dead-lettered'].includes(status.state) ? status : undefined;
    });

  it("dead-letters tenant A's job with MODULE_DISABLED and the reason, without running it", async () => {
    expect(await settled(tenantA)).toMatchObject({
      state: 'dead-lettered',
      attemptsMade: 1,
      error: {
        code: 'MODULE_DISABLED',
        message: 'The module "demo-jobs" is not enabled for this tenant, so the job was not run. Enable the module, then replay the job from the dead-letter queue.',
      },
    });
    expect(await p.sql('SELECT 1 FROM demo_job_effects WHERE tenant_id = $1', [tenantA])).toHaveLength(0);
  });

  it("completes tenant B's job, whose module stayed on", async () => {
    expect(await settled(tenantB)).toMatchObject({ state: 'completed', result: { tenantId: tenantB } });
  });

  it('runs the replayed job once tenant A turns the module back on (the running worker learns the change)', async () => {
    await setModule(tenantA, true).expect(200);
    await waitFor(async () => {
      const replay = await p.api.http().post(`/api/v1/platform/queues/demo-jobs/dead-letters/${ids[tenantA]}/replay`).set('authorization', `Bearer ${operator}`);
      expect(replay.status).toBe(200);
      const status = await settled(tenantA);
      return status.state === 'completed' ? status : undefined;
    }, { what: "tenant A's replayed job to complete", timeoutMs: 15_000, intervalMs: 200 });
  });
});
