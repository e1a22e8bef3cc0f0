import { hostname } from 'node:os';
import { Worker, type Job, type MinimalJob } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { CatalogQueue, JobCatalog } from '../catalog/job-catalog';
import type { JobsSettings } from '../jobs-settings';
import { bullPrefix } from '../queues/queue-keys';
import { backoffDelay } from './backoff';
import type { JobRunner } from './job-runner';
import type { StepLedger } from './step-ledger';

const PURGE_EVERY_MS = 6 * 3_600_000;
const STEP_RETENTION_DAYS = 30;

/**
 * The BullMQ workers of one processing process: one per selected queue, sharing one Redis connection for
 * commands (each opens its own blocking connection, as BullMQ requires).
 *
 * Shutdown is in two phases within the bound it is given: the workers stop taking jobs and the running
 * ones get the time to finish; whatever still runs then is released (its handler is aborted and the job
 * put back in its queue at once, without using an attempt), so another worker takes it right away
 * instead of after the stalled-job check.
 */
export class WorkerPool {
  private readonly workers: Worker[] = [];
  private connection: Redis | undefined;
  private purgeTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly settings: JobsSettings,
    private readonly catalog: JobCatalog,
    private readonly runner: JobRunner,
    private readonly steps: StepLedger,
    private readonly logger: Logger,
  ) {}

  get running(): boolean {
    return this.workers.length > 0;
  }

  start(queues: readonly CatalogQueue[]): void {
    if (queues.length === 0) return;
    this.connection = new Redis(this.settings.redisUrl, { connectionName: 'tessera-jobs-worker', maxRetriesPerRequest: null });
    this.connection.on('error', () => undefined); // BullMQ reports and reconnects
    const name = `${hostname()}:${process.pid}`;
    for (const queue of queues) {
      const worker = new Worker(queue.name, this.runner.processor, {
        connection: this.connection,
        prefix: bullPrefix(this.settings.redisPrefix, queue.name),
        name,
        concurrency: this.settings.concurrency[queue.name] ?? queue.concurrency,
        lockDuration: this.settings.lockDurationMs,
        stalledInterval: this.settings.stalledIntervalMs,
        maxStalledCount: this.settings.maxStalledCount,
        // Completed jobs stay readable (and their idempotency keys matched) this long; failed ones longer.
        removeOnComplete: { age: this.settings.completedRetentionSeconds },
        removeOnFail: { age: this.settings.failedRetentionSeconds },
        settings: {
          backoffStrategy: (attemptsMade: number, _type?: string, _error?: Error, job?: MinimalJob) => {
            const entry = job ? this.catalog.job(job.name) : undefined;
            return entry ? backoffDelay(entry.backoff, attemptsMade) : 1_000 * 2 ** Math.max(0, attemptsMade - 1);
          },
        },
      });
      worker.on('error', (error) => this.logger.error({ queue: queue.name, err: { message: error.message } }, 'job worker error'));
      worker.on('stalled', (jobId) => this.logger.warn({ queue: queue.name, jobId }, 'job stalled (its worker stopped renewing the lock); it runs again'));
      worker.on('completed', (job) => this.afterCompleted(job));
      // Another worker may take a job whose lock could not be renewed: stop our run of it.
      worker.on('lockRenewalFailed', (jobIds: string[]) => {
        for (const jobId of jobIds) this.runner.stop(jobId, 'lock-lost');
      });
      this.workers.push(worker);
    }
    this.logger.info({ queues: queues.map((q) => q.name) }, 'job workers started');
    this.purgeTimer = setInterval(() => void this.purgeSteps(), PURGE_EVERY_MS).unref();
    void this.purgeSteps();
  }

  /** Stops taking jobs, lets running ones finish within `budgetMs`, then releases the rest. */
  async drain(budgetMs: number): Promise<void> {
    if (this.workers.length === 0) return;
    clearInterval(this.purgeTimer);
    await Promise.all(this.workers.map((worker) => worker.pause(true).catch(() => undefined)));
    const deadline = Date.now() + budgetMs;
    while (this.runner.activeCount > 0 && Date.now() < deadline) await sleep(50);
    if (this.runner.activeCount > 0) {
      this.logger.warn({ jobs: this.runner.activeCount }, 'shutdown: releasing jobs still running back to their queues');
      this.runner.releaseAll();
    }
    // A graceful close waits for BullMQ to record the outcome of the last jobs (completion, release).
    const closing = Promise.all(this.workers.map((worker) => worker.close().catch(() => undefined)));
    // Past the bound the process exits anyway; a job whose outcome was not recorded stalls and runs again.
    await Promise.race([closing, sleep(Math.max(1_000, deadline - Date.now()))]);
    this.workers.length = 0;
    await this.connection?.quit().catch(() => this.connection?.disconnect());
    this.connection = undefined;
  }

  private afterCompleted(job: Job): void {
    if (!this.runner.usedSteps.delete(job.id!)) return;
    const tenantId = (job.data as { tenantId?: string | null }).tenantId;
    if (!tenantId) return;
    this.steps.forget(tenantId, `${job.queueName}/${job.id}`).catch((error: Error) =>
      this.logger.warn({ jobId: job.id, err: { message: error.message } }, 'could not forget the steps of a completed job; the purge removes them later'),
    );
  }

  private async purgeSteps(): Promise<void> {
    try {
      const removed = await this.steps.purge(STEP_RETENTION_DAYS);
      if (removed > 0) this.logger.info({ removed }, 'purged old job steps');
    } catch (error) {
      this.logger.warn({ err: { message: (error as Error).message } }, 'job step purge failed');
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
