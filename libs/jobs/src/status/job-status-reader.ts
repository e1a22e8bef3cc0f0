import { NotFoundError, type JobState, type JobStatus } from '@tessera/module-sdk';
import type { Job } from 'bullmq';
import { jobEnvelopeSchema, type JobEnvelope } from '../envelope/job-envelope';
import { JOB_ID_PATTERN } from '../envelope/job-ids';
import type { QueuePair, QueueSet } from '../queues/queue-set';
import type { DeadLetterData } from '../run/dead-letters';
import { parseFailure, type RecordedFailure } from '../run/job-failure';

/** A job found in one of the queues, with its parsed envelope (null when it does not parse). */
export interface FoundJob {
  readonly pair: QueuePair;
  readonly job: Job;
  readonly envelope: JobEnvelope | null;
}

const GENERIC_FAILURE = 'The job failed unexpectedly. Quote the job id when you report it.';

/**
 * Finds jobs by id across every declared queue (ids are unique platform-wide: UUIDv7, or derived from
 * tenant + job type + idempotency key) and renders their status. A tenant sees only its own jobs: any
 * other id is a 404, exactly like an id that does not exist.
 */
export class JobStatusReader {
  constructor(private readonly queues: QueueSet) {}

  async find(id: string): Promise<FoundJob | null> {
    if (!JOB_ID_PATTERN.test(id)) return null;
    const found = await Promise.all(this.queues.all().map(async (pair) => ({ pair, job: (await pair.queue.getJob(id)) as Job | undefined })));
    const hit = found.find((entry) => entry.job !== undefined);
    if (!hit?.job) return null;
    const parsed = jobEnvelopeSchema.safeParse(hit.job.data);
    return { pair: hit.pair, job: hit.job, envelope: parsed.success ? parsed.data : null };
  }

  /** The status of a job of `tenantId`; 404 `JOB_NOT_FOUND` otherwise. */
  async forTenant(id: string, tenantId: string): Promise<JobStatus> {
    const found = await this.find(id);
    if (!found || found.envelope?.tenantId !== tenantId || found.envelope.kind !== 'job') {
      throw new NotFoundError('JOB_NOT_FOUND', `Job ${id} was not found.`);
    }
    return this.render(found, { revealUnexpected: false });
  }

  /** The status as a tenant (unexpected error messages hidden) or an operator (everything) sees it. */
  async render(found: FoundJob, options: { revealUnexpected: boolean }): Promise<JobStatus> {
    const { pair, envelope } = found;
    let job = found.job;
    const raw = await job.getState();
    if ((raw === 'completed' || raw === 'failed') && !job.finishedOn) {
      // It finished between reading the job and reading its state: read it again for its outcome.
      job = ((await pair.queue.getJob(job.id!)) as Job | undefined) ?? job;
    }
    let state: JobState = raw === 'completed' || raw === 'failed' || raw === 'active' || raw === 'delayed' ? raw : 'waiting';
    let failure: RecordedFailure | null = job.failedReason ? parseFailure(job.failedReason) : null;
    let attemptsMade = job.attemptsMade;
    if (raw === 'failed') {
      const dead = await pair.deadLetters.getJob(job.id!);
      if (dead) {
        const data = dead.data as Partial<DeadLetterData>;
        state = 'dead-lettered';
        failure = data.failure ?? failure;
        // BullMQ does not count an attempt that ended in an UnrecoverableError; the dead letter does.
        attemptsMade = data.attemptsMade ?? attemptsMade;
      }
    }
    const progress = job.progress as { percent?: unknown; message?: unknown } | number;
    return {
      id: job.id!,
      name: job.name,
      module: envelope?.module ?? pair.module,
      state,
      progress:
        typeof progress === 'object' && progress !== null && typeof progress.percent === 'number'
          ? { percent: progress.percent, message: typeof progress.message === 'string' ? progress.message : null }
          : null,
      attemptsMade,
      maxAttempts: job.opts.attempts ?? 1,
      result: raw === 'completed' ? (job.returnvalue ?? null) : null,
      error: failure
        ? { code: failure.code, message: failure.expected || options.revealUnexpected ? failure.message : GENERIC_FAILURE }
        : null,
      createdAt: new Date(job.timestamp).toISOString(),
      startedAt: job.processedOn ? new Date(job.processedOn).toISOString() : null,
      finishedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    };
  }
}
