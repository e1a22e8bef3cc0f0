import { createPlatform } from '@tessera/kernel';
import { RequestContext, JOB_QUEUE, type JobQueue } from '@tessera/module-sdk';
import { testServices } from '@tessera/module-sdk/testing';
import { ModuleContexts } from '@tessera/kernel';
import { demoAuthModule, demoJobsModule, testToken } from '../support/demo-modules';
import { startJobPlatforms, type JobPlatforms } from '../support/job-platforms';
import { waitFor } from '../support/wait-for';

describe('which processes run job processors', () => {
  let p: JobPlatforms;
  let tenant: string;

  beforeAll(async () => {
    p = await startJobPlatforms({ worker: false });
    tenant = await p.tenant();
  });
  afterAll(() => p.close());

  const workersOn = async (queue: string) => (await p.queue(queue).getWorkers()).length;

  it('runs none in apps/api by default', async () => {
    expect(await workersOn('demo-jobs')).toBe(0);
    expect(await workersOn('demo-jobs.bulk')).toBe(0);
  });

  it('runs every queue in a worker, or only the queues named in JOBS_QUEUES', async () => {
    const bulkOnly = await p.startWorker({ JOBS_QUEUES: 'demo-jobs.bulk' });
    try {
      expect(await workersOn('demo-jobs.bulk')).toBe(1);
      expect(await workersOn('demo-jobs')).toBe(0);
    } finally {
      await bulkOnly.close();
    }
    const all = await p.startWorker({ JOBS_EXCLUDE_QUEUES: '' });
    try {
      expect(await workersOn('demo-jobs.bulk')).toBe(1);
      expect(await workersOn('demo-jobs')).toBe(1);
    } finally {
      await all.close();
    }
  });

  it('runs processors in apps/api too with JOBS_INLINE, for development', async () => {
    const inline = await startJobPlatforms({ worker: false, env: { JOBS_INLINE: 'true' } });
    try {
      const tenantId = await inline.tenant();
      const response = await inline.api
        .http()
        .post('/api/v1/demo-jobs/runs')
        .set('authorization', `Bearer ${testToken({ id: 'u', tenantId, permissions: ['demo-jobs.run', 'jobs.read'] })}`)
        .send({ job: 'demo-jobs.probe', input: {} })
        .expect(202);
      await waitFor(async () => (await inline.queue('demo-jobs').getJob(response.body.id))?.finishedOn !== undefined);
    } finally {
      await inline.close();
    }
  });

  it('never runs processors in the CLI, even with JOBS_INLINE', async () => {
    const cli = await createPlatform({
      role: 'cli',
      modules: [demoAuthModule, demoJobsModule],
      env: {
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        DATABASE_URL: p.api.database.appUrl,
        DATABASE_MIGRATION_URL: p.api.database.migrationUrl,
        REDIS_URL: testServices().redisUrl,
        REDIS_PREFIX: p.api.redisPrefix,
        JOBS_INLINE: 'true',
      },
    });
    try {
      expect(await workersOn('demo-jobs')).toBe(0);
      // ...but a CLI command may enqueue: the job waits for a worker.
      const jobs = cli.app.get(ModuleContexts).of(cli.registry.get('demo-jobs')!).get<JobQueue>(JOB_QUEUE);
      const { id } = await RequestContext.run({ requestId: 'cli', source: 'cli', tenantId: tenant }, () => jobs.enqueue('demo-jobs.probe', {}, { delayMs: 0 }));
      expect(await (await p.queue('demo-jobs').getJob(id))!.getState()).toBe('prioritized');
    } finally {
      await cli.close('test');
    }
  });
});
