import { NonRetryableJobError, RequestContext, type DomainEvent, type DomainEventHandler, type JobHandler, type RequestContextData } from '@tessera/module-sdk';
import { DelayedError, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { CatalogJob, JobCatalog } from '../catalog/job-catalog';
import { jobEnvelopeSchema, type JobEnvelope } from '../envelope/job-envelope';
import type { JobsPorts } from '../jobs-ports';
import type { JobMetrics } from '../metrics/job-metrics';
import { attemptLogLine, type DeadLetters } from './dead-letters';
import { AttemptControl, type StopReason } from './attempt-control';
import { classify, JobAttemptError, platformFailure } from './job-failure';
import { RunningJobContext } from './running-job-context';
import type { StepLedger } from './step-ledger';

const WATCHDOG_INTERVAL_MS = 500;

/** Runs schedule ticks (a cron tick of a tenant job, fanned out to every tenant). */
export type TickRunner = (entry: CatalogJob, envelope: JobEnvelope, job: Job) => Promise<unknown>;

/**
 * The one processor of every queue. Before a handler runs it checks the envelope, refuses a job whose
 * module is off for the tenant, validates (and upgrades) the input, and restores the tenant context:
 * the request context (tenant, actor, request id, module) and, by default, a tenant-scoped transaction.
 * A handler cannot run without it. Failures are classified; the last one dead-letters the job.
 */
export class JobRunner {
  private readonly inFlight = new Map<string, AttemptControl>();
  private watchdog: NodeJS.Timeout | undefined;
  private readonly handlers = new Map<string, JobHandler>();
  /** Completed jobs whose step ledger can now be forgotten (steps were used), by job id. */
  readonly usedSteps = new Set<string>();

  constructor(
    private readonly catalog: JobCatalog,
    private readonly ports: () => JobsPorts,
    private readonly steps: StepLedger,
    private readonly deadLetters: DeadLetters,
    private readonly metrics: JobMetrics,
    private readonly logger: Logger,
    private readonly maxResultBytes: number,
    private readonly runTick: TickRunner,
  ) {}

  /**
   * BullMQ's processor function. Two parameters on purpose: with a third BullMQ creates an AbortController
   * per job; lock loss reaches us through the worker's `lockRenewalFailed` event instead ({@link stop}).
   */
  readonly processor = (job: Job, token?: string): Promise<unknown> => this.process(job, token ?? '');

  /** Jobs this process is running now. */
  get activeCount(): number {
    return this.inFlight.size;
  }

  /** Stops every running handler and puts its job back in its queue, where another worker takes it. */
  releaseAll(): void {
    for (const control of this.inFlight.values()) control.stop('release');
  }

  /** Stops one running attempt (its lock was lost: another worker may run the job now). */
  stop(jobId: string, reason: StopReason): void {
    this.inFlight.get(jobId)?.stop(reason);
  }

  private async process(job: Job, token: string): Promise<unknown> {
    const started = performance.now();
    const entry = this.catalog.job(job.name);
    const control = new AttemptControl(Date.now() + (entry?.timeoutMs ?? 60_000));
    this.inFlight.set(job.id!, control);
    this.watchdog ??= setInterval(() => this.checkDeadlines(), WATCHDOG_INTERVAL_MS).unref();
    let outcome = 'completed';
    try {
      return await this.attempt(job, entry, control);
    } catch (error) {
      if (control.reason === 'release') {
        outcome = 'released';
        await job.moveToWait(token);
        throw new DelayedError('released at shutdown');
      }
      if (control.reason === 'lock-lost') {
        outcome = 'lock-lost';
        throw error; // another worker owns the job now; BullMQ refuses our result
      }
      const failure = classify(error);
      const final = !failure.retryable || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      outcome = failure.code === 'MODULE_DISABLED' || failure.code === 'ENVELOPE_INVALID' ? 'refused' : final ? 'dead-lettered' : 'retried';
      await job
        .log(attemptLogLine({ attempt: job.attemptsMade + 1, at: new Date().toISOString(), code: failure.code, message: failure.message }))
        .catch(() => undefined);
      if (final) await this.deadLetters.record(job, failure);
      this.logger.warn(
        { queue: job.queueName, jobId: job.id, job: job.name, code: failure.code, attempt: job.attemptsMade + 1, final, ...(failure.expected ? {} : { err: error }) },
        final ? 'job dead-lettered' : 'job attempt failed; it will be retried',
      );
      throw new JobAttemptError({ ...failure, retryable: failure.retryable && !final });
    } finally {
      this.inFlight.delete(job.id!);
      this.metrics.recordAttempt(job.queueName, entry?.module ?? 'unknown', entry ? job.name : 'unknown', outcome, (performance.now() - started) / 1_000);
    }
  }

  private checkDeadlines(): void {
    const now = Date.now();
    for (const control of this.inFlight.values()) if (now > control.deadline) control.stop('timeout');
    if (this.inFlight.size === 0) {
      clearInterval(this.watchdog);
      this.watchdog = undefined;
    }
  }

  private async attempt(job: Job, entry: CatalogJob | undefined, control: AttemptControl): Promise<unknown> {
    if (!entry) {
      // A newer deploy may have added it: retried with backoff until a worker that knows it takes it.
      throw platformFailure('JOB_TYPE_UNKNOWN', `No module loaded in this worker declares the job "${job.name}".`, true);
    }
    const envelope = this.checkedEnvelope(job, entry);
    if (envelope.kind === 'schedule-tick') return this.runTick(entry, envelope, job);
    const ports = this.ports();
    if (!ports.isModuleRunning(entry.module)) {
      throw platformFailure('MODULE_UNAVAILABLE', `The module "${entry.module}" is not running in this worker.`, true);
    }
    // The port answers from memory (usually synchronously): await only a promise.
    const enabled = envelope.tenantId === null ? true : ports.enablement.isEnabled(envelope.tenantId, entry.module);
    if (!(typeof enabled === 'boolean' ? enabled : await enabled)) {
      throw platformFailure(
        'MODULE_DISABLED',
        `The module "${entry.module}" is not enabled for this tenant, so the job was not run. Enable the module, then replay the job from the dead-letter queue.`,
        false,
      );
    }
    const input = this.checkedInput(entry, envelope);
    const handler = this.handlerOf(entry, ports);
    const context = new RunningJobContext(job, entry, envelope, control, this.steps);
    const requestContext: RequestContextData = {
      requestId: envelope.requestId,
      source: 'job',
      tenantId: envelope.tenantId ?? undefined,
      module: entry.module,
      principal: envelope.actor
        ? { kind: envelope.actor.kind, id: envelope.actor.id, tenantId: envelope.tenantId, permissions: new Set<string>() }
        : undefined,
    };
    const run = () =>
      control.race(
        () => handler.run(input, context),
        (reason) => (reason === 'timeout' ? platformFailure('JOB_TIMEOUT', `The attempt ran longer than ${entry.timeoutMs} ms.`, true) : new Error(`job stopped: ${reason}`)),
      );
    const result = await RequestContext.run(requestContext, () => {
      if (entry.transaction === 'step') return run();
      return envelope.tenantId === null ? ports.tenantScope.runWithoutTenant(run) : ports.tenantScope.run(envelope.tenantId, run);
    });
    if (context.progressPending) await context.flush();
    if (context.usedSteps) this.usedSteps.add(job.id!);
    // A job that failed before may have a dead letter (retried from the dashboard): it is not dead any more.
    if (job.attemptsMade > 0) await this.deadLetters.forgetCompleted(job.queueName, job.id!).catch(() => undefined);
    if (result === undefined || result === null) return null;
    const size = Buffer.byteLength(JSON.stringify(result));
    if (size > this.maxResultBytes) {
      throw new NonRetryableJobError(
        'JOB_RESULT_TOO_LARGE',
        `The result is ${size} bytes, over the ${this.maxResultBytes}-byte limit. Store large results in the module's tables and return their id.`,
      );
    }
    return result;
  }

  /** The envelope, or a refusal: a job without a valid envelope (or its tenant) never reaches a handler. */
  private checkedEnvelope(job: Job, entry: CatalogJob): JobEnvelope {
    const parsed = jobEnvelopeSchema.safeParse(job.data);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ');
      throw platformFailure('ENVELOPE_INVALID', `The job's envelope is invalid (${fields}); it was not run.`, false);
    }
    const envelope = parsed.data;
    const tenantExpected = entry.scope === 'tenant' && envelope.kind === 'job';
    if (envelope.module !== entry.module || tenantExpected !== (envelope.tenantId !== null)) {
      throw platformFailure(
        'ENVELOPE_INVALID',
        tenantExpected ? 'The tenant job carries no tenant in its envelope; it was not run.' : "The job's envelope does not match its declaration; it was not run.",
        false,
      );
    }
    return envelope;
  }

  private checkedInput(entry: CatalogJob, envelope: JobEnvelope): unknown {
    if (envelope.schemaVersion > entry.version) {
      throw platformFailure(
        'JOB_SCHEMA_TOO_NEW',
        `The job was enqueued with input version ${envelope.schemaVersion}; this worker knows version ${entry.version}. A newer worker will run it.`,
        true,
      );
    }
    const upgrade = entry.declaration.upgrade;
    const input = envelope.schemaVersion < entry.version && upgrade ? upgrade(envelope.input, envelope.schemaVersion) : envelope.input;
    const schema = entry.declaration.input;
    if (!schema) return input;
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((issue) => issue.path.join('.') || '(input)').join(', ');
      throw platformFailure('JOB_INPUT_INVALID', `The job's input does not match its schema (${fields}).`, false);
    }
    return parsed.data;
  }

  private handlerOf(entry: CatalogJob, ports: JobsPorts): JobHandler {
    let handler = this.handlers.get(entry.name);
    if (!handler) {
      const instance = ports.resolve(entry.module, entry.declaration.handler as never) as JobHandler & Partial<DomainEventHandler>;
      if (entry.event) {
        // A domain event subscription: the job's input is the event.
        if (typeof instance?.handle !== 'function') throw new Error(`The subscriber of "${entry.event}" in "${entry.module}" has no handle(event) method.`);
        handler = { run: (input: unknown) => instance.handle!(input as DomainEvent) };
      } else {
        handler = instance;
      }
      if (typeof handler?.run !== 'function') throw new Error(`The handler of "${entry.name}" has no run(input, ctx) method.`);
      this.handlers.set(entry.name, handler);
    }
    return handler;
  }
}
