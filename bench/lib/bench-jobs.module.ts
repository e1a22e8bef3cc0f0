import { EntityManager } from '@mikro-orm/core';
import { Injectable, Module } from '@nestjs/common';
import { defineJob, defineModule, RequestContext, tenantIsolation, type JobContext, type JobHandler } from '@tessera/module-sdk';

/** The handler body both sides of the job benchmark run: nothing at all. */
@Injectable()
export class NoopHandler implements JobHandler<Record<string, never>, null> {
  async run(): Promise<null> {
    return null;
  }
}

/** The other body: one row written in the job's tenant-scoped transaction. */
@Injectable()
export class WriteHandler implements JobHandler<Record<string, never>, null> {
  constructor(private readonly em: EntityManager) {}

  async run(_input: Record<string, never>, ctx: JobContext): Promise<null> {
    await this.em
      .getConnection()
      .execute('INSERT INTO bench_job_rows (tenant_id, job_id) VALUES (?, ?)', [RequestContext.requireTenantId(), ctx.jobId], 'run', this.em.getTransactionContext());
    return null;
  }
}

@Module({ providers: [NoopHandler, WriteHandler] })
class BenchJobsNestModule {}

/** Bench-only: the same two job bodies on a queue of concurrency 1 and one of concurrency 50. */
export const benchJobsModule = defineModule({
  name: 'bench-jobs',
  version: '1.0.0',
  platform: '^1.0.0',
  nestModule: BenchJobsNestModule,
  queues: [
    { name: 'bench-jobs.c1', concurrency: 1 },
    { name: 'bench-jobs.c50', concurrency: 50 },
  ],
  jobs: [
    defineJob({ name: 'bench-jobs.noop-c1', queue: 'bench-jobs.c1', handler: NoopHandler, transaction: 'step' }),
    defineJob({ name: 'bench-jobs.noop-c50', queue: 'bench-jobs.c50', handler: NoopHandler, transaction: 'step' }),
    defineJob({ name: 'bench-jobs.write-c1', queue: 'bench-jobs.c1', handler: WriteHandler }),
    defineJob({ name: 'bench-jobs.write-c50', queue: 'bench-jobs.c50', handler: WriteHandler }),
  ],
  migrations: [
    {
      name: '0001-rows',
      up: [
        `CREATE TABLE bench_job_rows (tenant_id uuid NOT NULL REFERENCES tenants(id), job_id text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
        ...tenantIsolation('bench_job_rows'),
      ],
    },
  ],
});
