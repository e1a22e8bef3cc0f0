import type { ModuleEnablement } from '@tessera/kernel';
import { demoAuthModule, demoJobsModule, demoScheduleModule } from '../support/demo-modules';
import { startJobPlatforms, type JobPlatforms } from '../support/job-platforms';
import { waitFor } from '../support/wait-for';

describe('a tenant job scheduled by cron', () => {
  const off = new Set<string>();
  const enablement: ModuleEnablement = { isEnabled: (tenantId, module) => !off.has(`${tenantId}/${module}`) };
  let p: JobPlatforms;
  let tenants: { on: string[]; off: string };

  beforeAll(async () => {
    p = await startJobPlatforms({ worker: false, modules: [demoAuthModule, demoJobsModule, demoScheduleModule], ports: { moduleEnablement: enablement } });
    tenants = { on: [await p.tenant(), await p.tenant()], off: await p.tenant() };
    off.add(`${tenants.off}/demo-schedule`);
    // Two workers: every tick must still create one job per tenant.
    await p.startWorker();
    await p.startWorker();
  });
  afterAll(() => p.close());

  const runs = () =>
    p.sql<{ tenant_id: string; key: string }>("SELECT tenant_id, key FROM demo_job_effects WHERE job = 'demo-schedule.every-second' ORDER BY key");

  it('runs once per tick for every tenant that has the module on, however many workers run', async () => {
    // Wait for two complete ticks (each one run for each tenant that is on).
    const rows = await waitFor(async () => {
      const all = await runs();
      const complete = [...new Set(all.map((r) => r.key))].filter((key) => tenants.on.every((t) => all.some((r) => r.key === key && r.tenant_id === t)));
      return complete.length >= 2 ? all : undefined;
    }, { timeoutMs: 30_000, what: 'two complete ticks' });
    const perTenantAndTick = new Map<string, number>();
    for (const row of rows) perTenantAndTick.set(`${row.tenant_id} ${row.key}`, (perTenantAndTick.get(`${row.tenant_id} ${row.key}`) ?? 0) + 1);
    expect([...perTenantAndTick.values()].every((count) => count === 1)).toBe(true);
    expect(rows[0]!.key).toMatch(/^schedule:\d{4}-\d\d-\d\dT/);
  });

  it('skips the tenant that has the module off', async () => {
    expect((await runs()).filter((row) => row.tenant_id === tenants.off)).toEqual([]);
  });

  it('includes a tenant created after the schedule started, at the next tick, with nothing to set up', async () => {
    const late = await p.tenant();
    await waitFor(async () => (await runs()).some((row) => row.tenant_id === late), { timeoutMs: 15_000, what: 'a run for the new tenant' });
  });

  it('keeps one scheduler for the job type, whatever the number of tenants and workers', async () => {
    const schedulers = await p.queue('demo-schedule').getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toEqual(['demo-schedule.every-second']);
  });
});
