import { TenantsService } from '@tessera/kernel';
import { startTestPlatform, type TestPlatform } from '@tessera/module-sdk/testing';
import { withPgClient } from '@tessera/persistence';
import { demoAuthModule, demoJobsModule } from '../support/demo-modules';

/**
 * The step ledger of jobs that never completed is purged across tenants by an owner-defined function that
 * the application role calls with no tenant set (what the worker pool does every few hours).
 */
describe('job step purge', () => {
  let t: TestPlatform;
  let tenants: string[];

  beforeAll(async () => {
    t = await startTestPlatform({ modules: [demoAuthModule, demoJobsModule] });
    const directory = t.platform.app.get(TenantsService);
    tenants = [(await directory.create({ slug: 'purge-a', name: 'A' })).id, (await directory.create({ slug: 'purge-b', name: 'B' })).id];
    // Seeded as the owner: steps of two tenants, some completed 10 days ago, some just now.
    await withPgClient(t.database.migrationUrl, async (client) => {
      for (const tenantId of tenants) {
        await client.query("SELECT set_config('app.tenant_id', $1, false)", [tenantId]);
        await client.query(
          `INSERT INTO job_steps (tenant_id, job_key, step, result, completed_at) VALUES
             ($1, 'old-job', 'step-1', 'null', now() - interval '10 days'),
             ($1, 'old-job', 'step-2', 'null', now() - interval '10 days'),
             ($1, 'new-job', 'step-1', 'null', now())`,
          [tenantId],
        );
      }
    });
  });
  afterAll(() => t.close());

  it('removes every tenant’s steps past the retention and keeps the recent ones', async () => {
    const removed = await withPgClient(t.database.appUrl, async (client) => {
      const result = await client.query<{ removed: string }>("SELECT tessera_purge_job_steps(make_interval(days => 7)) AS removed");
      return Number(result.rows[0]?.removed);
    });
    expect(removed).toBe(4);
    const left = await withPgClient(t.database.migrationUrl, async (client) => {
      const keys: string[] = [];
      for (const tenantId of tenants) {
        await client.query("SELECT set_config('app.tenant_id', $1, false)", [tenantId]);
        keys.push(...(await client.query<{ job_key: string }>('SELECT job_key FROM job_steps')).rows.map((row) => row.job_key));
      }
      return keys;
    });
    expect(left).toEqual(['new-job', 'new-job']);
  });

  it('never removes a step younger than a day, whatever retention it is asked for', async () => {
    const removed = await withPgClient(t.database.appUrl, async (client) => {
      const result = await client.query<{ removed: string }>("SELECT tessera_purge_job_steps(make_interval(days => 0)) AS removed");
      return Number(result.rows[0]?.removed);
    });
    expect(removed).toBe(0);
  });

  it('gives the application role no way to read or delete other tenants’ steps directly', async () => {
    const seen = await withPgClient(t.database.appUrl, async (client) => (await client.query('SELECT * FROM job_steps')).rowCount);
    expect(seen).toBe(0);
  });
});
