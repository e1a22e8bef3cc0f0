import { ConflictError, NotFoundError, TesseraError, type AuditLog, type JobStatus } from '@tessera/module-sdk';
import type { Job, JobType, Queue } from 'bullmq';
import type { JobCatalog } from '../catalog/job-catalog';
import { jobEnvelopeSchema } from '../envelope/job-envelope';
import { JOB_ID_PATTERN } from '../envelope/job-ids';
import { topTenants, type TenantLoad } from '../fairness/top-tenants';
import type { JobsSettings } from '../jobs-settings';
import type { QueuePair, QueueSet } from '../queues/queue-set';
import type { DeadLetterData, DeadLetters, ReplayOutcome } from '../run/dead-letters';
import type { JobStatusReader } from '../status/job-status-reader';

export type ListedState = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed';

const STATE_TYPES: Readonly<Record<ListedState, readonly JobType[]>> = {
  waiting: ['wait', 'prioritized'],
  delayed: ['delayed'],
  active: ['active'],
  completed: ['completed'],
  failed: ['failed'],
};

/** A queue as operators see it. */
export interface QueueSummary {
  readonly name: string;
  readonly module: string;
  readonly description: string | null;
  readonly paused: boolean;
  readonly concurrency: number;
  readonly counts: { readonly waiting: number; readonly delayed: number; readonly active: number; readonly completed: number; readonly failed: number };
  readonly deadLetters: number;
  readonly jobTypes: ReadonlyArray<{ readonly name: string; readonly scope: string; readonly attempts: number; readonly schedule: string | null }>;
}

/** A job as operators see it: its status plus its envelope (without input in lists). */
export interface OperatorJobView extends JobStatus {
  readonly queue: string;
  readonly tenantId: string | null;
  readonly actor: { readonly kind: string; readonly id: string } | null;
  readonly requestId: string | null;
  readonly priority: number;
}

export interface DeadLetterView {
  readonly id: string;
  readonly name: string;
  readonly queue: string;
  readonly tenantId: string | null;
  readonly error: { readonly code: string; readonly message: string };
  readonly attempts: DeadLetterData['attempts'];
  readonly attemptsMade: number;
  readonly enqueuedAt: string;
  readonly deadLetteredAt: string;
}

export interface DeadLetterFilter {
  readonly name?: string;
  readonly tenantId?: string;
  readonly code?: string;
}

export interface Page<T> {
  readonly data: T[];
  readonly nextCursor: string | null;
}

const encodeCursor = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url');
function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  const match = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw new TesseraError('bad-request', 'CURSOR_INVALID', 'The cursor is not one this API returned; start again without it.');
  return Number(match[1]);
}

/**
 * What platform operators do with queues: look (counts, jobs, dead letters, top tenants) and act (retry,
 * remove, pause, resume, replay, discard). Every action is audited before it is done, in the request's
 * transaction: if the action fails the audit entry rolls back with it.
 */
export class QueueOperations {
  constructor(
    private readonly catalog: JobCatalog,
    private readonly queues: QueueSet,
    private readonly statusReader: JobStatusReader,
    private readonly deadLetters: DeadLetters,
    private readonly settings: JobsSettings,
    private readonly audit: () => AuditLog,
  ) {}

  async list(): Promise<QueueSummary[]> {
    return Promise.all(this.queues.all().map((pair) => this.summary(pair)));
  }

  async get(name: string): Promise<QueueSummary> {
    return this.summary(this.pair(name));
  }

  async jobs(name: string, state: ListedState, limit: number, cursor?: string): Promise<Page<OperatorJobView>> {
    const pair = this.pair(name);
    const offset = decodeCursor(cursor);
    const jobs = await pageOf(pair.queue, STATE_TYPES[state], offset, limit + 1, state !== 'completed' && state !== 'failed');
    const views = await Promise.all(jobs.slice(0, limit).map((job) => this.view(pair, job)));
    return { data: views, nextCursor: jobs.length > limit ? encodeCursor(offset + limit) : null };
  }

  /** One job with its envelope (input included), log and stack traces. */
  async job(name: string, id: string): Promise<OperatorJobView & { input: unknown; logs: string[]; stacktrace: string[] }> {
    const pair = this.pair(name);
    const job = await this.jobOf(pair, id);
    const [view, { logs }] = await Promise.all([this.view(pair, job), pair.queue.getJobLogs(id, 0, 199, true)]);
    const envelope = jobEnvelopeSchema.safeParse(job.data);
    return { ...view, input: envelope.success ? envelope.data.input : job.data, logs, stacktrace: job.stacktrace ?? [] };
  }

  /** Runs a failed job again (a dead-lettered one is replayed from its dead-letter entry). */
  async retry(name: string, id: string): Promise<{ id: string; outcome: ReplayOutcome | 'retried' }> {
    const pair = this.pair(name);
    const job = await this.jobOf(pair, id);
    if ((await job.getState()) !== 'failed') throw new ConflictError('JOB_NOT_FAILED', `Job ${id} has not failed; only failed jobs are retried.`);
    await this.audit().record({ action: 'jobs.job-retried', target: { type: 'job', id }, metadata: { queue: name, job: job.name } });
    if (await pair.deadLetters.getJob(id)) return { id, outcome: await this.deadLetters.replay(name, id) };
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    return { id, outcome: 'retried' };
  }

  async remove(name: string, id: string): Promise<void> {
    const pair = this.pair(name);
    const job = await this.jobOf(pair, id);
    if ((await job.getState()) === 'active') throw new ConflictError('JOB_ACTIVE', `Job ${id} is running; it can be removed once it finished or failed.`);
    await this.audit().record({ action: 'jobs.job-removed', target: { type: 'job', id }, metadata: { queue: name, job: job.name } });
    await job.remove();
  }

  async setPaused(name: string, paused: boolean): Promise<QueueSummary> {
    const pair = this.pair(name);
    await this.audit().record({ action: paused ? 'jobs.queue-paused' : 'jobs.queue-resumed', target: { type: 'queue', id: name } });
    await (paused ? pair.queue.pause() : pair.queue.resume());
    return this.summary(pair);
  }

  async deadLetterList(name: string, filter: DeadLetterFilter, limit: number, cursor?: string): Promise<Page<DeadLetterView>> {
    const pair = this.pair(name);
    let offset = decodeCursor(cursor);
    const data: DeadLetterView[] = [];
    // Filtering happens here (entries are few and operators page through them), so scan in chunks.
    for (;;) {
      const chunk = await pair.deadLetters.getJobs(['wait', 'paused', 'prioritized'], offset, offset + 199, true);
      for (const [index, job] of chunk.entries()) {
        if (!matches(job as Job, filter)) continue;
        if (data.length === limit) return { data, nextCursor: encodeCursor(offset + index) };
        data.push(deadLetterView(job as Job));
      }
      if (chunk.length < 200) return { data, nextCursor: null };
      offset += chunk.length;
    }
  }

  async replay(name: string, id: string): Promise<{ id: string; outcome: ReplayOutcome }> {
    this.pair(name);
    if (!JOB_ID_PATTERN.test(id)) throw new NotFoundError('DEAD_LETTER_NOT_FOUND', `No dead letter ${id} in queue ${name}.`);
    await this.audit().record({ action: 'jobs.dead-letter-replayed', target: { type: 'job', id }, metadata: { queue: name } });
    const outcome = await this.deadLetters.replay(name, id);
    if (outcome === 'not-found') throw new NotFoundError('DEAD_LETTER_NOT_FOUND', `No dead letter ${id} in queue ${name}.`);
    return { id, outcome };
  }

  /** Replays up to `limit` dead letters matching `filter`, oldest first. */
  async replayMatching(name: string, filter: DeadLetterFilter, limit: number): Promise<{ matched: number; replayed: number; alreadyRunning: number }> {
    const pair = this.pair(name);
    const ids: string[] = [];
    for (let offset = 0; ids.length < limit; offset += 200) {
      const chunk = await pair.deadLetters.getJobs(['wait', 'paused', 'prioritized'], offset, offset + 199, true);
      ids.push(...chunk.filter((job) => matches(job as Job, filter)).map((job) => job.id!).slice(0, limit - ids.length));
      if (chunk.length < 200) break;
    }
    await this.audit().record({ action: 'jobs.dead-letters-replayed', target: { type: 'queue', id: name }, metadata: { filter, matched: ids.length } });
    const outcomes: ReplayOutcome[] = [];
    for (const id of ids) outcomes.push(await this.deadLetters.replay(name, id));
    return {
      matched: ids.length,
      replayed: outcomes.filter((o) => o === 'replayed').length,
      alreadyRunning: outcomes.filter((o) => o === 'already-running' || o === 'already-completed').length,
    };
  }

  async discard(name: string, id: string): Promise<void> {
    this.pair(name);
    await this.audit().record({ action: 'jobs.dead-letter-discarded', target: { type: 'job', id }, metadata: { queue: name } });
    if (!JOB_ID_PATTERN.test(id) || !(await this.deadLetters.discard(name, id))) {
      throw new NotFoundError('DEAD_LETTER_NOT_FOUND', `No dead letter ${id} in queue ${name}.`);
    }
  }

  async topTenants(name: string, limit: number): Promise<{ windowMinutes: number; tenants: TenantLoad[] }> {
    this.pair(name);
    return topTenants(this.queues.connection, this.settings.redisPrefix, name, this.settings.fairQuantum, limit);
  }

  private pair(name: string): QueuePair {
    const pair = this.queues.get(name);
    if (!pair) throw new NotFoundError('QUEUE_NOT_FOUND', `No loaded module declares the queue "${name}".`);
    return pair;
  }

  private async jobOf(pair: QueuePair, id: string): Promise<Job> {
    const job = JOB_ID_PATTERN.test(id) || id.startsWith('repeat:') ? ((await pair.queue.getJob(id)) as Job | undefined) : undefined;
    if (!job) throw new NotFoundError('JOB_NOT_FOUND', `No job ${id} in queue ${pair.name}.`);
    return job;
  }

  private async view(pair: QueuePair, job: Job): Promise<OperatorJobView> {
    const parsed = jobEnvelopeSchema.safeParse(job.data);
    const envelope = parsed.success ? parsed.data : null;
    const status = await this.statusReader.render({ pair, job, envelope }, { revealUnexpected: true });
    return {
      ...status,
      queue: pair.name,
      tenantId: envelope?.tenantId ?? null,
      actor: envelope?.actor ?? null,
      requestId: envelope?.requestId ?? null,
      priority: job.priority,
    };
  }

  private async summary(pair: QueuePair): Promise<QueueSummary> {
    const declared = this.catalog.queue(pair.name)!;
    const [counts, paused, deadLetters] = await Promise.all([
      pair.queue.getJobCounts('wait', 'prioritized', 'delayed', 'active', 'completed', 'failed', 'paused'),
      pair.queue.isPaused(),
      pair.deadLetters.getJobCountByTypes('wait', 'paused', 'prioritized'),
    ]);
    return {
      name: pair.name,
      module: pair.module,
      description: declared.description,
      paused,
      concurrency: this.settings.concurrency[pair.name] ?? declared.concurrency,
      counts: {
        waiting: (counts.wait ?? 0) + (counts.prioritized ?? 0) + (counts.paused ?? 0),
        delayed: counts.delayed ?? 0,
        active: counts.active ?? 0,
        completed: counts.completed ?? 0,
        failed: counts.failed ?? 0,
      },
      deadLetters,
      jobTypes: declared.jobs.map((job) => ({
        name: job.name,
        scope: job.scope,
        attempts: job.attempts,
        schedule: job.declaration.schedule ? `${job.declaration.schedule.cron}${job.declaration.schedule.timezone ? ` (${job.declaration.schedule.timezone})` : ''}` : null,
      })),
    };
  }
}

function matches(job: Job, filter: DeadLetterFilter): boolean {
  const data = job.data as DeadLetterData;
  return (
    (filter.name === undefined || job.name === filter.name) &&
    (filter.tenantId === undefined || data.tenantId === filter.tenantId) &&
    (filter.code === undefined || data.failure?.code === filter.code)
  );
}

function deadLetterView(job: Job): DeadLetterView {
  const data = job.data as DeadLetterData;
  return {
    id: job.id!,
    name: job.name,
    queue: data.queue,
    tenantId: data.tenantId,
    error: { code: data.failure.code, message: data.failure.message },
    attempts: data.attempts,
    attemptsMade: data.attemptsMade,
    enqueuedAt: data.enqueuedAt,
    deadLetteredAt: data.failure.at,
  };
}

/** One page over several BullMQ states taken one after the other (BullMQ pages each state separately). */
async function pageOf(queue: Queue, types: readonly JobType[], offset: number, count: number, asc: boolean): Promise<Job[]> {
  const jobs: Job[] = [];
  let skip = offset;
  for (const type of types) {
    if (jobs.length >= count) break;
    const size = await queue.getJobCountByTypes(type);
    if (skip >= size) {
      skip -= size;
      continue;
    }
    const taken = (await queue.getJobs([type], skip, skip + (count - jobs.length) - 1, asc)) as Job[];
    jobs.push(...taken.filter(Boolean));
    skip = 0;
  }
  return jobs;
}
