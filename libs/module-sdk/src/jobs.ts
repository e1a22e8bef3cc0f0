import type { Type } from '@nestjs/common';
import type { z } from 'zod';
import { TesseraError } from './errors';

/**
 * A queue a module declares: the unit operators watch, pause and scale apart (a worker process can run
 * a chosen subset of queues). Every job of the queue shares it fairly between tenants.
 *
 * @example
 * ```ts
 * queues: [{ name: 'contacts.import', description: 'CSV imports and exports', concurrency: 2 }]
 * ```
 */
export interface QueueDeclaration {
  /** `<module>` or `<module>.<name>` (kebab-case), e.g. `contacts.import`. */
  readonly name: string;
  readonly description?: string;
  /** Jobs of this queue one worker process runs at once. Default 5; operators override it with `JOBS_CONCURRENCY`. */
  readonly concurrency?: number;
}

/**
 * Exponential backoff between attempts: `delayMs × 2^(attempt-1)`, capped at `maxDelayMs`, then reduced by
 * a random share up to `jitter` so that jobs failing together do not retry together.
 *
 * @example
 * ```ts
 * // 2 s, 4 s, 8 s ... never more than a minute, each up to 30 % shorter at random
 * backoff: { delayMs: 2_000, maxDelayMs: 60_000, jitter: 0.3 }
 * ```
 */
export interface JobBackoff {
  /** Delay before the second attempt. Default 1,000 ms. */
  readonly delayMs?: number;
  /** Upper bound of one delay. Default 10 minutes. */
  readonly maxDelayMs?: number;
  /** Share of the delay (0-1) drawn at random and taken off. Default 0.5. */
  readonly jitter?: number;
}

/**
 * A cron schedule. For a tenant job the platform runs it once per active tenant that has the module
 * enabled, at every tick (tenants created later are included automatically); for a platform job, once.
 *
 * @example
 * ```ts
 * schedule: { cron: '0 3 * * *', timezone: 'Europe/Paris', input: { olderThanDays: 30 } }
 * ```
 */
export interface JobSchedule {
  /** Five fields (minute first) or six (second first). */
  readonly cron: string;
  /** IANA time zone of the pattern. Default UTC. */
  readonly timezone?: string;
  /** The input of every scheduled run. Default `{}`. */
  readonly input?: unknown;
}

/**
 * Who asked for a job: the principal of the request that enqueued it, for attribution.
 *
 * @example
 * ```ts
 * if (ctx.actor?.kind === 'user') await this.notifications.tell(ctx.actor.id, 'Your import is ready.');
 * ```
 */
export interface JobActor {
  readonly kind: 'user' | 'api-key' | 'system';
  readonly id: string;
}

/**
 * What a handler receives besides its input. The tenant context (request context and, by default, a
 * tenant-scoped transaction) is already in place when the handler runs.
 *
 * @example
 * ```ts
 * async run(input: ExportInput, ctx: JobContext) {
 *   for (const [index, page] of pages.entries()) {
 *     if (ctx.signal.aborted) throw new Error('stopped'); // released or timed out: another attempt resumes
 *     await ctx.step(`page-${index}`, () => this.exporter.writePage(input.exportId, page));
 *     await ctx.progress(((index + 1) * 100) / pages.length, `page ${index + 1} of ${pages.length}`);
 *   }
 * }
 * ```
 */
export interface JobContext {
  readonly jobId: string;
  /** The job type, `<module>.<job>`. */
  readonly name: string;
  readonly queue: string;
  /** The tenant the job runs for; `null` for platform jobs. Also in `RequestContext`. */
  readonly tenantId: string | null;
  /** Who enqueued it (its permissions are not carried: they were checked when the job was requested). */
  readonly actor: JobActor | null;
  /** The request id of the request that enqueued the job, so logs and audit entries correlate. */
  readonly requestId: string;
  /** The caller's idempotency key, when one was given: pass it on to external APIs. */
  readonly idempotencyKey: string | null;
  /** 1 for the first attempt. */
  readonly attempt: number;
  readonly maxAttempts: number;
  /** Aborted when the job times out, loses its lock or the worker shuts down: stop work and return or throw. */
  readonly signal: AbortSignal;
  /**
   * Reports progress (0-100) with an optional message, visible through `GET /api/v1/jobs/:id` and to
   * operators. Cheap to call often: writes are coalesced.
   */
  progress(percent: number, message?: string): Promise<void>;
  /** Appends a line to the job's log (operators see it in the dashboard). Never log personal data or secrets. */
  log(message: string): Promise<void>;
  /**
   * Runs `fn` once per job, in its own tenant-scoped transaction, and records that it ran in the same
   * transaction: when the job runs again (a retry, or another worker after a crash) a completed step is
   * skipped and its recorded result returned. Use it to checkpoint large jobs and for side effects that
   * must happen once. Steps need `transaction: 'step'`.
   */
  step<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

/**
 * The code a job runs. A provider of the module's Nest module (so it gets the module's services
 * injected). Return the job's result (JSON, at most `JOBS_MAX_RESULT_BYTES`); throw to fail the attempt.
 *
 * @example
 * ```ts
 * @Injectable()
 * export class ImportContactsHandler implements JobHandler<ImportInput, ImportResult> {
 *   constructor(private readonly contacts: ContactsService) {}
 *
 *   async run(input: ImportInput, ctx: JobContext): Promise<ImportResult> {
 *     const rows = await this.contacts.stagedRows(input.uploadId);
 *     let imported = 0;
 *     for (const [index, chunk] of chunks(rows, 500).entries()) {
 *       imported += await ctx.step(`chunk-${index}`, () => this.contacts.importChunk(chunk));
 *       await ctx.progress(((index + 1) * 500 * 100) / rows.length, `${imported} contacts imported`);
 *     }
 *     return { imported, reportId: input.uploadId };
 *   }
 * }
 * ```
 */
export interface JobHandler<TInput = unknown, TResult = unknown> {
  run(input: TInput, ctx: JobContext): Promise<TResult>;
}

/**
 * A job type a module declares. Jobs carry an envelope (tenant, actor, request id, module, idempotency
 * key, schema version) written by the platform from the request context, never from input.
 *
 * @example
 * ```ts
 * jobs: [
 *   defineJob({
 *     name: 'contacts.import-csv',
 *     queue: 'contacts.import',
 *     handler: ImportContactsHandler,
 *     input: z.object({ uploadId: z.uuid() }),
 *     transaction: 'step',
 *     attempts: 5,
 *     backoff: { delayMs: 2_000 },
 *     timeoutMs: 60 * 60_000,
 *   }),
 * ]
 * ```
 */
export interface JobDeclaration<TInput = unknown, TResult = unknown> {
  /** `<module>.<job>` (kebab-case), e.g. `contacts.import-csv`. */
  readonly name: string;
  /** One of the module's queues; default the queue named after the module. */
  readonly queue?: string;
  readonly description?: string;
  /** A provider of the module's Nest module. */
  readonly handler: Type<JobHandler<TInput, TResult>>;
  /** Validates input at enqueue (400 `VALIDATION_FAILED`) and again before the handler runs. */
  readonly input?: z.ZodType<TInput>;
  /** `tenant` (default): runs for one tenant, in its context. `platform`: runs with no tenant (platform tables only). */
  readonly scope?: 'tenant' | 'platform';
  /**
   * `job` (default): the whole handler runs in one tenant-scoped transaction, committed when it returns.
   * `step`: no transaction around the handler; each `ctx.step()` commits on its own (large jobs).
   */
  readonly transaction?: 'job' | 'step';
  /** Attempts before the job is dead-lettered. Default 3. */
  readonly attempts?: number;
  readonly backoff?: JobBackoff;
  /** An attempt running longer fails (and is retried). Default 15 minutes. */
  readonly timeoutMs?: number;
  /** Version of the input's shape. Raise it when the shape changes; default 1. */
  readonly version?: number;
  /** Turns the input of an older version into the current shape (jobs enqueued before a deploy). */
  readonly upgrade?: (input: unknown, fromVersion: number) => unknown;
  readonly schedule?: JobSchedule;
}

/**
 * Declares a job type with its input type inferred from the zod schema (an identity function).
 *
 * @example
 * ```ts
 * export const exportContacts = defineJob({
 *   name: 'contacts.export',
 *   queue: 'contacts.import',
 *   handler: ExportContactsHandler,
 *   input: z.object({ format: z.enum(['csv', 'xlsx']) }),
 * });
 * await jobs.enqueue(exportContacts, { format: 'csv' }); // input type-checked
 * ```
 */
export function defineJob<TInput, TResult>(declaration: JobDeclaration<TInput, TResult>): JobDeclaration<TInput, TResult> {
  return Object.freeze({ ...declaration });
}

/**
 * Options of one enqueue.
 *
 * @example
 * ```ts
 * await jobs.enqueue(sendReminder, { contactId }, { idempotencyKey: `reminder:${contactId}:${day}`, delayMs: 3_600_000 });
 * ```
 */
export interface EnqueueOptions {
  /**
   * Enqueuing the same key twice (for the same tenant and job type) creates one job: the second call returns
   * the first job's id with `created: false`. Holds while the job is kept (`JOBS_COMPLETED_RETENTION_SECONDS`
   * after it completes). Up to 200 characters. Inside a transaction the job is staged until it commits;
   * concurrent transactions enqueuing the same key may each be told `created: true`, and one job is created.
   */
  readonly idempotencyKey?: string;
  /** Run no earlier than this many milliseconds from now. */
  readonly delayMs?: number;
}

/**
 * The outcome of an enqueue.
 *
 * @example
 * ```ts
 * const { id, created } = await jobs.enqueue(importContactsCsv, { uploadId }, { idempotencyKey });
 * response.status(created ? 202 : 200);
 * return { jobId: id };
 * ```
 */
export interface EnqueuedJob {
  /** Give it to the client: `GET /api/v1/jobs/:id` shows the job's status and progress. */
  readonly id: string;
  /** `false` when the idempotency key matched an existing job. */
  readonly created: boolean;
}

/**
 * Where a job is in its life, as tenants and modules see it.
 *
 * @example
 * ```ts
 * const done = (['completed', 'failed', 'dead-lettered'] satisfies JobState[]).includes(status.state);
 * ```
 */
export type JobState = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed' | 'dead-lettered';

/**
 * A job's status, progress and outcome.
 *
 * @example
 * ```ts
 * const status = await jobs.status(jobId);
 * if (status.state === 'active') return { percent: status.progress?.percent ?? 0, message: status.progress?.message };
 * ```
 */
export interface JobStatus {
  readonly id: string;
  readonly name: string;
  readonly module: string;
  readonly state: JobState;
  readonly progress: { readonly percent: number; readonly message: string | null } | null;
  readonly attemptsMade: number;
  readonly maxAttempts: number;
  /** The handler's return value, once completed. */
  readonly result: unknown;
  /** Why the last attempt failed, with a stable code (e.g. `MODULE_DISABLED`). */
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

/**
 * Enqueues the module's jobs (and those of modules it depends on) and reads their status. Tenant, actor
 * and request id come from the request context of the caller, never from input; a tenant job enqueued
 * outside a tenant context is refused (`TENANT_CONTEXT_MISSING`).
 *
 * @example
 * ```ts
 * constructor(@Inject(JOB_QUEUE) private readonly jobs: JobQueue) {}
 *
 * @Post('imports')
 * @RequirePermissions('contacts.import')
 * async startImport(@Body() body: StartImportDto, @Headers('idempotency-key') key?: string) {
 *   const job = await this.jobs.enqueue(importContactsCsv, { uploadId: body.uploadId }, { idempotencyKey: key });
 *   return { jobId: job.id };
 * }
 * ```
 */
export interface JobQueue {
  /**
   * Inside a unit of work (a request, a job, `withTenant`) the job is written to an outbox in the same
   * transaction and reaches the queue once it commits: a rolled-back change enqueues nothing, and a worker
   * never runs a job before the data it refers to is committed. Outside one, the job is enqueued at once.
   */
  enqueue<TInput>(job: string | JobDeclaration<TInput, unknown>, input: TInput, options?: EnqueueOptions): Promise<EnqueuedJob>;
  /** Many jobs of one type at once (one round trip per batch of 500). */
  enqueueMany<TInput>(
    job: string | JobDeclaration<TInput, unknown>,
    items: readonly { readonly input: TInput; readonly idempotencyKey?: string }[],
  ): Promise<EnqueuedJob[]>;
  /** The status of a job of the current tenant; 404 `JOB_NOT_FOUND` for any other job. */
  status(id: string): Promise<JobStatus>;
}

/**
 * Injection token of the module's {@link JobQueue}.
 *
 * @example
 * ```ts
 * constructor(@Inject(JOB_QUEUE) private readonly jobs: JobQueue) {}
 * ```
 */
export const JOB_QUEUE = Symbol.for('tessera.job-queue');

/**
 * Thrown by a handler for a failure that another attempt cannot fix (bad input, a record that is gone):
 * the job is dead-lettered at once with this code instead of being retried.
 *
 * @example
 * ```ts
 * const upload = await this.uploads.find(input.uploadId);
 * if (!upload) throw new NonRetryableJobError('IMPORT_UPLOAD_GONE', `Upload ${input.uploadId} no longer exists.`);
 * ```
 */
export class NonRetryableJobError extends TesseraError {
  constructor(code: string, message: string, details?: unknown) {
    super('unprocessable', code, message, details);
    this.name = 'NonRetryableJobError';
  }
}
