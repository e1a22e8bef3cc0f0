import type { EnqueuedJob } from '@tessera/module-sdk';
import type { CatalogJob } from '../catalog/job-catalog';
import type { JobEnvelope } from '../envelope/job-envelope';
import type { FairPriorities } from '../fairness/fair-priorities';
import type { JobMetrics } from '../metrics/job-metrics';
import type { QueueSet } from '../queues/queue-set';

/** One job to add: its envelope (already built from a trusted context) and its id. */
export interface JobToAdd {
  readonly envelope: JobEnvelope;
  readonly jobId: string;
  readonly delayMs?: number;
  /** Add the job only if its id is new, whatever its idempotency key (pushes from the outbox may repeat). */
  readonly onlyIfNew?: boolean;
}

const BATCH = 500;

/**
 * Adds jobs to BullMQ with fair priorities: one script call assigns priorities and claims ids for a
 * batch, one `addBulk` adds the batch. Platform code (schedules, replays) calls it directly; modules go
 * through their `JobQueue`, which builds envelopes from the request context.
 */
export class JobEnqueuer {
  constructor(
    private readonly queues: QueueSet,
    private readonly fair: FairPriorities,
    private readonly metrics: JobMetrics,
  ) {}

  async add(job: CatalogJob, items: readonly JobToAdd[]): Promise<EnqueuedJob[]> {
    const results: EnqueuedJob[] = [];
    for (let start = 0; start < items.length; start += BATCH) {
      results.push(...(await this.addBatch(job, items.slice(start, start + BATCH))));
    }
    return results;
  }

  private async addBatch(job: CatalogJob, items: readonly JobToAdd[]): Promise<EnqueuedJob[]> {
    const { queue } = this.queues.require(job.queue);
    const priorities = await this.fair.assign(
      job.queue,
      items.map((item) => ({
        tenantId: item.envelope.tenantId,
        jobId: item.jobId,
        idempotent: item.onlyIfNew === true || item.envelope.idempotencyKey !== null || item.envelope.replayOf !== undefined,
      })),
    );
    const options = this.queues.jobOptions(job.name);
    const fresh = items.flatMap((item, index) => {
      const priority = priorities[index];
      if (priority === null || priority === undefined) return [];
      return [{ name: job.name, data: item.envelope, opts: { ...options, jobId: item.jobId, priority, delay: item.delayMs ?? 0 } }];
    });
    if (fresh.length > 0) {
      try {
        await queue.addBulk(fresh);
      } catch (error) {
        await this.fair.release(job.queue, fresh.map((entry) => entry.opts.jobId)).catch(() => undefined);
        throw error;
      }
      this.metrics.enqueued.inc({ queue: job.queue, module: job.module, job: job.name }, fresh.length);
    }
    return items.map((item, index) => ({ id: item.jobId, created: priorities[index] !== null }));
  }
}
