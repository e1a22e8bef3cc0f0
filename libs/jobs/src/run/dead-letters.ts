import type { Job } from 'bullmq';
import type { JobCatalog } from '../catalog/job-catalog';
import { jobEnvelopeSchema } from '../envelope/job-envelope';
import type { JobEnqueuer } from '../enqueue/job-enqueuer';
import type { FairPriorities } from '../fairness/fair-priorities';
import type { QueueSet } from '../queues/queue-set';
import type { RecordedFailure } from './job-failure';

/** One failed attempt, as recorded in the job's log. */
export interface AttemptRecord {
  readonly attempt: number;
  readonly at: string;
  readonly code: string;
  readonly message: string;
}

/** What a dead-letter entry holds: everything needed to understand and to replay the job. */
export interface DeadLetterData {
  readonly queue: string;
  readonly module: string;
  readonly tenantId: string | null;
  readonly failure: RecordedFailure & { readonly at: string };
  readonly attempts: readonly AttemptRecord[];
  readonly attemptsMade: number;
  /** The original job's data (its envelope), as it was enqueued. */
  readonly envelope: unknown;
  readonly enqueuedAt: string;
}

export const ATTEMPT_LOG_PREFIX = 'attempt-failed ';

/** The log line recording one failed attempt (kept in BullMQ's job log, shown in the dashboard). */
export function attemptLogLine(record: AttemptRecord): string {
  return `${ATTEMPT_LOG_PREFIX}${JSON.stringify(record)}`;
}

function parseAttempts(lines: readonly string[]): AttemptRecord[] {
  return lines
    .filter((line) => line.startsWith(ATTEMPT_LOG_PREFIX))
    .flatMap((line) => {
      try {
        return [JSON.parse(line.slice(ATTEMPT_LOG_PREFIX.length)) as AttemptRecord];
      } catch {
        return [];
      }
    });
}

export type ReplayOutcome = 'replayed' | 'already-running' | 'already-completed' | 'not-found';

/**
 * Dead letters: a job whose last attempt failed (or that must not be retried) is copied, with its
 * error and attempt history, to its queue's dead-letter queue (`<queue>--dead-letters`, same job id)
 * before BullMQ marks it failed, so no dead job is ever missing from it. Entries stay until an operator
 * replays or discards them.
 */
export class DeadLetters {
  constructor(
    private readonly queues: QueueSet,
    private readonly catalog: JobCatalog,
    private readonly enqueuer: JobEnqueuer,
    private readonly fair: FairPriorities,
  ) {}

  async record(job: Job, failure: RecordedFailure): Promise<void> {
    const pair = this.queues.require(job.queueName);
    const { logs } = await pair.queue.getJobLogs(job.id!, 0, 199, true);
    const parsed = jobEnvelopeSchema.safeParse(job.data);
    const data: DeadLetterData = {
      queue: pair.name,
      module: pair.module,
      tenantId: parsed.success ? parsed.data.tenantId : null,
      failure: { ...failure, at: new Date().toISOString() },
      attempts: parseAttempts(logs),
      attemptsMade: job.attemptsMade + 1,
      envelope: job.data,
      enqueuedAt: new Date(job.timestamp).toISOString(),
    };
    // Same id: recording twice (a crash between this and BullMQ's failure) keeps one entry.
    await pair.deadLetters.add(job.name, data, { jobId: job.id!, removeOnComplete: true, removeOnFail: true });
  }

  /**
   * Runs a dead job again: the failed original is removed and the job re-added under the same id with
   * its envelope (tenant, actor, request id) unchanged and its attempts reset; the entry is removed once
   * the job is back in its queue.
   */
  async replay(queueName: string, id: string): Promise<ReplayOutcome> {
    const pair = this.queues.require(queueName);
    const dead = await pair.deadLetters.getJob(id);
    if (!dead) return 'not-found';
    const original = await pair.queue.getJob(id);
    if (original) {
      const state = await original.getState();
      if (state !== 'failed') {
        // Someone retried the original already (the dashboard can): never run a job twice.
        await dead.remove();
        return state === 'completed' ? 'already-completed' : 'already-running';
      }
      await original.remove();
    }
    const data = dead.data as DeadLetterData;
    const job = this.catalog.job(dead.name);
    const envelope = jobEnvelopeSchema.safeParse(data.envelope);
    if (!job || !envelope.success) return 'not-found';
    await this.fair.release(queueName, [id]);
    await this.enqueuer.add(job, [{ envelope: { ...envelope.data, replayOf: id }, jobId: id }]);
    if (!(await pair.queue.getJob(id))) throw new Error(`Replaying ${id} did not re-add it to ${queueName}.`);
    await dead.remove();
    return 'replayed';
  }

  /** Drops the entry of a job that completed after all (retried outside a replay). */
  async forgetCompleted(queueName: string, id: string): Promise<void> {
    const dead = await this.queues.require(queueName).deadLetters.getJob(id);
    await dead?.remove();
  }

  /** Discards an entry for good (the failed original stays until its retention ends). */
  async discard(queueName: string, id: string): Promise<boolean> {
    const dead = await this.queues.require(queueName).deadLetters.getJob(id);
    if (!dead) return false;
    await dead.remove();
    return true;
  }
}
