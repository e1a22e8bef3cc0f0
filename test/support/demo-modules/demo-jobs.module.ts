import { EntityManager } from '@mikro-orm/core';
import { Body, Controller, HttpCode, Inject, Injectable, Module, Post } from '@nestjs/common';
import {
  defineJob,
  defineModule,
  JOB_QUEUE,
  NonRetryableJobError,
  RequestContext,
  RequirePermissions,
  tenantIsolation,
  type JobContext,
  type JobHandler,
  type JobQueue,
} from '@tessera/module-sdk';
import { PlatformSettings, REDIS_CONNECTION } from '@tessera/kernel';
import { TenantScope } from '@tessera/persistence';
import type { Redis } from 'ioredis';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/** What a probe job saw when it ran: the proof that the worker restored the tenant context. */
export interface ProbeObservation {
  readonly tenantId: string | null;
  readonly actorId: string | null;
  readonly requestId: string | null;
  readonly source: string | null;
  readonly module: string | null;
  readonly databaseTenant: string | null;
  readonly inTransaction: boolean;
  readonly visibleEffects: number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    });
  });

/** How the effect job keeps its side effect to one per job. */
type EffectGuard = 'step' | 'idempotency-key' | 'none';

/** An insert keyed by the job's idempotency key: a second attempt of the same job inserts nothing. */
async function recordKeyedEffect(em: EntityManager, key: string, job: string): Promise<void> {
  await em
    .getConnection()
    .execute(
      'INSERT INTO demo_job_keyed_effects (tenant_id, key, job) VALUES (?, ?, ?) ON CONFLICT (tenant_id, key) DO NOTHING',
      [RequestContext.requireTenantId(), key, job],
      'run',
      em.getTransactionContext(),
    );
}

async function recordEffect(em: EntityManager, key: string, job: string): Promise<void> {
  await em
    .getConnection()
    .execute(
      'INSERT INTO demo_job_effects (tenant_id, key, job) VALUES (?, ?, ?)',
      [RequestContext.requireTenantId(), key, job],
      'run',
      em.getTransactionContext(),
    );
}

@Injectable()
class ProbeHandler implements JobHandler<{ note?: string }, ProbeObservation> {
  constructor(private readonly em: EntityManager) {}

  async run(_input: { note?: string }, ctx: JobContext): Promise<ProbeObservation> {
    const context = RequestContext.current();
    const connection = this.em.getConnection();
    const trx = this.em.getTransactionContext();
    const [setting] = (await connection.execute("SELECT current_setting('app.tenant_id', true) AS tenant", [], 'all', trx)) as Array<{ tenant: string | null }>;
    await recordEffect(this.em, ctx.jobId, ctx.name);
    // RLS shows only this tenant's rows, whatever the query says.
    const [visible] = (await connection.execute('SELECT count(*)::int AS n FROM demo_job_effects', [], 'all', trx)) as Array<{ n: number }>;
    return {
      tenantId: context?.tenantId ?? null,
      actorId: context?.principal?.id ?? null,
      requestId: context?.requestId ?? null,
      source: context?.source ?? null,
      module: context?.module ?? null,
      databaseTenant: setting?.tenant || null,
      inTransaction: trx !== undefined,
      visibleEffects: visible?.n ?? 0,
    };
  }
}

@Injectable()
class PlatformProbeHandler implements JobHandler<Record<string, never>, { tenantId: string | null; source: string | null }> {
  async run(): Promise<{ tenantId: string | null; source: string | null }> {
    return { tenantId: RequestContext.current()?.tenantId ?? null, source: RequestContext.current()?.source ?? null };
  }
}

/** The Redis key that marks the demo upstream `upstream` down while it exists (see `failWhileDown`). */
export const demoUpstreamDownKey = (redisPrefix: string, upstream: string) => `${redisPrefix}:demo:upstream-down:${upstream}`;

/**
 * Fails its first `failTimes` attempts, or while the demo upstream `failWhileDown` is marked down (a test
 * switches it, so no attempt depends on the clock), or for good with a non-retryable error.
 */
@Injectable()
class FlakyHandler implements JobHandler<FlakyInput, { attempt: number }> {
  constructor(
    @Inject(REDIS_CONNECTION) private readonly redis: Redis,
    private readonly settings: PlatformSettings,
  ) {}

  async run(input: FlakyInput, ctx: JobContext): Promise<{ attempt: number }> {
    if (input.nonRetryable) throw new NonRetryableJobError('DEMO_INPUT_REJECTED', 'The demo job refuses this input for good.');
    if (ctx.attempt <= input.failTimes) throw new Error(`demo failure on attempt ${ctx.attempt}`);
    if (input.failWhileDown && (await this.redis.exists(demoUpstreamDownKey(this.settings.platform.REDIS_PREFIX, input.failWhileDown)))) {
      throw new Error('demo failure: the upstream is down');
    }
    return { attempt: ctx.attempt };
  }
}

/**
 * A side effect guarded three ways (`guard`): by a step, by a unique index on the idempotency key, or not
 * at all; then, when DEMO_JOBS_HANG_AFTER_EFFECT is set, a hang: the worker can be killed mid-job after the
 * effect committed.
 */
@Injectable()
class EffectHandler implements JobHandler<{ guard: EffectGuard }, { recorded: true }> {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: TenantScope,
  ) {}

  async run(input: { guard: EffectGuard }, ctx: JobContext): Promise<{ recorded: true }> {
    const key = ctx.idempotencyKey ?? ctx.jobId;
    if (input.guard === 'step') {
      await ctx.step('record-effect', () => recordEffect(this.em, key, ctx.name));
    } else if (input.guard === 'idempotency-key') {
      if (!ctx.idempotencyKey) throw new NonRetryableJobError('DEMO_KEY_REQUIRED', 'This demo effect is keyed by the idempotency key: enqueue it with one.');
      // No step: the unique (tenant_id, key) index makes every attempt after the first a no-op.
      await this.scope.run(ctx.tenantId!, () => recordKeyedEffect(this.em, ctx.idempotencyKey!, ctx.name));
    } else {
      // The same write without a step: committed, but nothing remembers that it happened.
      await this.scope.run(ctx.tenantId!, () => recordEffect(this.em, key, ctx.name));
    }
    process.stdout.write(`event:effect-committed:${ctx.jobId}\n`);
    if (process.env.DEMO_JOBS_HANG_AFTER_EFFECT === '1') await new Promise<never>(() => undefined);
    return { recorded: true };
  }
}

/** Two steps with a failure between them on the first attempt: the retry must not redo step one. */
@Injectable()
class CheckpointedHandler implements JobHandler<Record<string, never>, { oneRanOnAttempt: number; twoRanOnAttempt: number }> {
  constructor(private readonly em: EntityManager) {}

  async run(_input: Record<string, never>, ctx: JobContext): Promise<{ oneRanOnAttempt: number; twoRanOnAttempt: number }> {
    const oneRanOnAttempt = await ctx.step('one', async () => {
      await recordEffect(this.em, `${ctx.jobId}:one`, ctx.name);
      return ctx.attempt;
    });
    if (ctx.attempt === 1) throw new Error('demo failure between the steps');
    const twoRanOnAttempt = await ctx.step('two', async () => {
      await recordEffect(this.em, `${ctx.jobId}:two`, ctx.name);
      return ctx.attempt;
    });
    return { oneRanOnAttempt, twoRanOnAttempt };
  }
}

/**
 * Reports progress through `steps` steps, `delayMs` apart; then, with `holdWhileDown`, stays active while that
 * demo upstream is marked down (a test releases it, so "still running" does not depend on the clock).
 */
@Injectable()
class SlowHandler implements JobHandler<SlowInput, { done: number }> {
  constructor(
    @Inject(REDIS_CONNECTION) private readonly redis: Redis,
    private readonly settings: PlatformSettings,
  ) {}

  async run(input: SlowInput, ctx: JobContext): Promise<{ done: number }> {
    for (let step = 1; step <= input.steps; step++) {
      await sleep(input.delayMs, ctx.signal);
      await ctx.progress((step * 100) / input.steps, `step ${step} of ${input.steps}`);
    }
    if (input.holdWhileDown) {
      const key = demoUpstreamDownKey(this.settings.platform.REDIS_PREFIX, input.holdWhileDown);
      while (await this.redis.exists(key)) await sleep(20, ctx.signal);
    }
    return { done: input.steps };
  }
}

/** Does nearly nothing but take a ticket: `seq` is the order jobs ran in (fairness tests read it). */
@Injectable()
class TickHandler implements JobHandler<{ n: number }, { n: number; seq: number }> {
  constructor(
    @Inject(REDIS_CONNECTION) private readonly redis: Redis,
    private readonly settings: PlatformSettings,
  ) {}

  async run(input: { n: number }): Promise<{ n: number; seq: number }> {
    const seq = await this.redis.incr(`${this.settings.platform.REDIS_PREFIX}:demo:tick-seq`);
    return { n: input.n, seq };
  }
}

/** Writes an effect row keyed by the idempotency key (scheduled per tenant). */
@Injectable()
class ScheduledHandler implements JobHandler<Record<string, unknown>, { key: string | null }> {
  constructor(private readonly em: EntityManager) {}

  async run(_input: Record<string, unknown>, ctx: JobContext): Promise<{ key: string | null }> {
    await recordEffect(this.em, ctx.idempotencyKey ?? ctx.jobId, ctx.name);
    return { key: ctx.idempotencyKey };
  }
}

export const probeJob = defineJob({ name: 'demo-jobs.probe', handler: ProbeHandler, input: z.object({ note: z.string().max(100).optional() }) });
export const platformProbeJob = defineJob({ name: 'demo-jobs.platform-probe', handler: PlatformProbeHandler, scope: 'platform' });
const flakyInput = z.object({ failTimes: z.number().int().min(0), failWhileDown: z.string().min(1).max(100).optional(), nonRetryable: z.boolean().optional() });
type FlakyInput = z.infer<typeof flakyInput>;

export const flakyJob = defineJob({
  name: 'demo-jobs.flaky',
  handler: FlakyHandler,
  input: flakyInput,
  attempts: 3,
  backoff: { delayMs: 20, maxDelayMs: 100, jitter: 0 },
});
export const effectJob = defineJob({
  name: 'demo-jobs.effect',
  handler: EffectHandler,
  input: z.object({ guard: z.enum(['step', 'idempotency-key', 'none']) }),
  transaction: 'step',
  timeoutMs: 120_000,
});
const slowInput = z.object({
  steps: z.number().int().min(1).max(1_000),
  delayMs: z.number().int().min(0).max(10_000),
  holdWhileDown: z.string().min(1).max(100).optional(),
});
type SlowInput = z.infer<typeof slowInput>;

export const slowJob = defineJob({
  name: 'demo-jobs.slow',
  handler: SlowHandler,
  input: slowInput,
  transaction: 'step',
});
export const checkpointedJob = defineJob({
  name: 'demo-jobs.checkpointed',
  handler: CheckpointedHandler,
  transaction: 'step',
  attempts: 2,
  backoff: { delayMs: 10, jitter: 0 },
});
export const tickJob = defineJob({ name: 'demo-jobs.tick', queue: 'demo-jobs.bulk', handler: TickHandler, input: z.object({ n: z.number().int() }), transaction: 'step' });

class RunJobDto extends createZodDto(
  z.object({ job: z.string().min(1).max(100), input: z.unknown(), idempotencyKey: z.string().optional() }),
) {}

@Controller('demo-jobs/runs')
class DemoJobsController {
  constructor(@Inject(JOB_QUEUE) private readonly jobs: JobQueue) {}

  @Post()
  @HttpCode(202)
  @RequirePermissions('demo-jobs.run')
  run(@Body() body: RunJobDto) {
    return this.jobs.enqueue(body.job, body.input, { idempotencyKey: body.idempotencyKey });
  }
}

@Module({
  controllers: [DemoJobsController],
  providers: [ProbeHandler, PlatformProbeHandler, FlakyHandler, EffectHandler, CheckpointedHandler, SlowHandler, TickHandler, ScheduledHandler],
})
class DemoJobsNestModule {}

const EFFECTS_TABLE = {
  name: '0001-effects',
  up: [
    `CREATE TABLE demo_job_effects (
       tenant_id uuid NOT NULL REFERENCES tenants(id),
       key text NOT NULL,
       job text NOT NULL,
       created_at timestamptz NOT NULL DEFAULT now()
     )`,
    ...tenantIsolation('demo_job_effects'),
  ],
};

/** Effects that carry their own guard: one row per (tenant, idempotency key). */
const KEYED_EFFECTS_TABLE = {
  name: '0002-keyed-effects',
  up: [
    `CREATE TABLE demo_job_keyed_effects (
       tenant_id uuid NOT NULL REFERENCES tenants(id),
       key text NOT NULL,
       job text NOT NULL,
       created_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (tenant_id, key)
     )`,
    ...tenantIsolation('demo_job_keyed_effects'),
  ],
};

/** Test-only: jobs that observe their context, fail on purpose, record side effects, report progress. */
export const demoJobsModule = defineModule({
  name: 'demo-jobs',
  version: '1.0.0',
  platform: '^1.0.0',
  description: 'Test-only jobs.',
  nestModule: DemoJobsNestModule,
  permissions: [{ key: 'demo-jobs.run', description: 'Start demo jobs' }],
  migrations: [EFFECTS_TABLE, KEYED_EFFECTS_TABLE],
  queues: [
    { name: 'demo-jobs', description: 'Demo jobs', concurrency: 5 },
    { name: 'demo-jobs.bulk', description: 'Many small jobs (fairness)', concurrency: 1 },
  ],
  jobs: [probeJob, platformProbeJob, flakyJob, effectJob, checkpointedJob, slowJob, tickJob],
});

@Module({ providers: [ScheduledHandler] })
class DemoScheduleNestModule {}

/** Test-only: a tenant job scheduled every second (only for the schedule suite: it fans out constantly). */
export const demoScheduleModule = defineModule({
  name: 'demo-schedule',
  version: '1.0.0',
  platform: '^1.0.0',
  dependsOn: { 'demo-jobs': '^1.0.0' },
  nestModule: DemoScheduleNestModule,
  jobs: [defineJob({ name: 'demo-schedule.every-second', handler: ScheduledHandler, schedule: { cron: '* * * * * *' } })],
});
