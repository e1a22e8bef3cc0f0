import { TesseraError, type JobActor, type JobContext } from '@tessera/module-sdk';
import type { Job } from 'bullmq';
import type { CatalogJob } from '../catalog/job-catalog';
import type { JobEnvelope } from '../envelope/job-envelope';
import type { AttemptControl } from './attempt-control';
import type { StepLedger } from './step-ledger';

const PROGRESS_INTERVAL_MS = 250;

/**
 * The {@link JobContext} of one attempt. Progress writes are coalesced (at most one every 250 ms, the
 * last one always written) so a handler may report progress per row of a large file.
 */
export class RunningJobContext implements JobContext {
  readonly jobId: string;
  readonly name: string;
  readonly queue: string;
  readonly tenantId: string | null;
  readonly actor: JobActor | null;
  readonly requestId: string;
  readonly idempotencyKey: string | null;
  readonly attempt: number;
  readonly maxAttempts: number;
  /** True once a step was recorded: the ledger is cleaned up when the job completes. */
  usedSteps = false;
  private lastWrite = 0;
  private pending: { percent: number; message: string | null } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly job: Job,
    private readonly entry: CatalogJob,
    envelope: JobEnvelope,
    private readonly control: AttemptControl,
    private readonly steps: StepLedger,
  ) {
    this.jobId = job.id!;
    this.name = job.name;
    this.queue = job.queueName;
    this.tenantId = envelope.tenantId;
    this.actor = envelope.actor;
    this.requestId = envelope.requestId;
    this.idempotencyKey = envelope.idempotencyKey;
    this.attempt = job.attemptsMade + 1;
    this.maxAttempts = job.opts.attempts ?? 1;
  }

  get signal(): AbortSignal {
    return this.control.signal;
  }

  /** True when a reported progress is not written yet. */
  get progressPending(): boolean {
    return this.pending !== undefined;
  }

  progress(percent: number, message?: string): Promise<void> {
    if (!Number.isFinite(percent)) throw new TesseraError('internal', 'JOB_PROGRESS_INVALID', 'Progress must be a number between 0 and 100.');
    this.pending = { percent: Math.round(Math.min(100, Math.max(0, percent)) * 10) / 10, message: message?.slice(0, 500) ?? null };
    const wait = this.lastWrite + PROGRESS_INTERVAL_MS - Date.now();
    if (wait <= 0) return this.write();
    this.timer ??= setTimeout(() => void this.write().catch(() => undefined), wait).unref();
    return Promise.resolve();
  }

  async log(message: string): Promise<void> {
    await this.job.log(message.slice(0, 2_000));
  }

  step<T>(name: string, fn: () => Promise<T>): Promise<T> {
    if (this.entry.transaction !== 'step' || this.tenantId === null) {
      throw new TesseraError(
        'internal',
        'JOB_STEPS_NEED_STEP_TRANSACTION',
        `ctx.step() needs transaction: 'step' on the tenant job "${this.name}" (with 'job', the whole handler is already one transaction).`,
      );
    }
    this.usedSteps = true;
    return this.steps.run(this.tenantId, `${this.queue}/${this.jobId}`, name, fn);
  }

  /** Writes the last reported progress, if it is not written yet. Called when the attempt ends. */
  async flush(): Promise<void> {
    await this.write();
  }

  private write(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const value = this.pending;
    this.pending = undefined;
    if (!value) return this.writing.then(() => undefined);
    this.lastWrite = Date.now();
    this.writing = this.writing.then(() => this.job.updateProgress(value)).catch(() => undefined);
    return this.writing.then(() => undefined);
  }
}
