import type { EnqueuedJob } from '@tessera/module-sdk';
import type { Logger } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import type { CatalogJob, JobCatalog } from '../catalog/job-catalog';
import type { JobEnvelope } from '../envelope/job-envelope';
import type { JobEnqueuer, JobToAdd } from '../enqueue/job-enqueuer';
import type { JobsPorts } from '../jobs-ports';
import type { QueueSet } from '../queues/queue-set';

interface OutboxRow {
  readonly id: string;
  readonly job_name: string;
  readonly job_id: string;
  readonly envelope: JobEnvelope;
  readonly delay_ms: number;
}

const STALE_AFTER_SECONDS = 10;

/** A PostgreSQL array literal of uuids (knex would expand a JS array binding into a list). */
const uuidArray = (ids: readonly string[]) => `{${ids.join(',')}}`;
const SWEEP_BATCH = 500;

/**
 * The transactional outbox of the job layer. A job enqueued inside a unit of work is written to
 * `job_outbox` in that transaction and pushed to BullMQ once it commits: a rolled-back request enqueues
 * nothing, and a worker never sees a job before the data it refers to is committed. A process that dies
 * between the commit and the push leaves the row behind; the sweeper (in every processing process) pushes
 * rows older than a few seconds. Pushes use the job's fixed id, so a row pushed twice makes one job.
 */
export class JobOutbox {
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;

  constructor(
    private readonly catalog: JobCatalog,
    private readonly queues: QueueSet,
    private readonly enqueuer: JobEnqueuer,
    private readonly ports: () => Pick<JobsPorts, 'orm' | 'tenantScope'>,
    private readonly logger: Logger,
  ) {}

  /** Enqueues now outside a unit of work; inside one, stages the jobs until it commits. */
  async submit(entry: CatalogJob, items: readonly JobToAdd[]): Promise<EnqueuedJob[]> {
    const { orm, tenantScope } = this.ports();
    const em = orm.em;
    const trx = em.getTransactionContext();
    if (!trx) return this.enqueuer.add(entry, items);
    // An idempotency key that already has a job answers as a direct enqueue would.
    const { queue } = this.queues.require(entry.queue);
    const existing = new Set<string>();
    for (const item of items) {
      if (item.envelope.idempotencyKey !== null && (await queue.getJob(item.jobId))) existing.add(item.jobId);
    }
    const staged = items.filter((item) => !existing.has(item.jobId)).map((item) => ({ ...item, rowId: uuidv7() }));
    if (staged.length > 0) {
      const placeholders = staged.map(() => '(?, ?, ?, ?, ?::jsonb, ?)').join(', ');
      await em.getConnection().execute(
        `INSERT INTO job_outbox (id, tenant_id, job_name, job_id, envelope, delay_ms) VALUES ${placeholders}`,
        staged.flatMap((item) => [item.rowId, item.envelope.tenantId, entry.name, item.jobId, JSON.stringify(item.envelope), item.delayMs ?? 0]),
        'run',
        trx,
      );
      const tenantId = staged[0]!.envelope.tenantId;
      const rowIds = staged.map((item) => item.rowId);
      // A transaction not opened through the platform's TenantScope has no commit hooks: the sweeper pushes.
      tenantScope.afterCommit(() => this.flush(tenantId, rowIds));
    }
    return items.map((item) => ({ id: item.jobId, created: !existing.has(item.jobId) }));
  }

  /** Starts the sweeper of rows left behind by a crash. */
  startSweeper(intervalMs = 15_000): void {
    this.timer ??= setInterval(() => void this.sweep(), intervalMs).unref();
  }

  async stopSweeper(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.sweeping;
  }

  /** Pushes every row older than a few seconds, tenant by tenant. Returns how many jobs were pushed. */
  sweep(): Promise<void> {
    this.sweeping ??= this.sweepOnce()
      .catch((error: unknown) => this.logger.error({ err: error }, 'outbox sweep failed; retrying at the next interval'))
      .finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async sweepOnce(): Promise<void> {
    const { orm } = this.ports();
    const tenants = (await orm.em
      .getConnection()
      .execute('SELECT tenant_id FROM tessera_stale_outbox_tenants(make_interval(secs => ?), 100)', [STALE_AFTER_SECONDS], 'all')) as Array<{
      tenant_id: string | null;
    }>;
    for (const { tenant_id: tenantId } of tenants) {
      const pushed = await this.inScope(tenantId, () =>
        this.pushRows(`created_at < now() - make_interval(secs => ?) ORDER BY created_at LIMIT ${SWEEP_BATCH}`, [STALE_AFTER_SECONDS]),
      );
      if (pushed > 0) this.logger.warn({ tenantId, jobs: pushed }, 'pushed jobs left in the outbox (a process stopped between commit and push)');
    }
  }

  /** After commit: the rows that really committed (a rolled-back savepoint's are gone) go to BullMQ. */
  private async flush(tenantId: string | null, rowIds: readonly string[]): Promise<void> {
    try {
      await this.inScope(tenantId, () => this.pushRows('id = ANY(?::uuid[])', [uuidArray(rowIds)]));
    } catch (error) {
      this.logger.error({ err: error, jobs: rowIds.length }, 'pushing committed jobs failed; the outbox sweeper will push them');
    }
  }

  private inScope<T>(tenantId: string | null, fn: () => Promise<T>): Promise<T> {
    const { tenantScope } = this.ports();
    return tenantId === null ? tenantScope.runWithoutTenant(fn) : tenantScope.run(tenantId, fn);
  }

  /** Locks the matching rows, pushes them grouped by job type, and deletes them; all in the caller's transaction. */
  private async pushRows(where: string, params: readonly unknown[]): Promise<number> {
    const em = this.ports().orm.em;
    const trx = em.getTransactionContext();
    const connection = em.getConnection();
    const rows = (await connection.execute(
      `SELECT id, job_name, job_id, envelope, delay_ms FROM job_outbox WHERE ${where} FOR UPDATE SKIP LOCKED`,
      [...params],
      'all',
      trx,
    )) as OutboxRow[];
    if (rows.length === 0) return 0;
    const byJob = new Map<string, OutboxRow[]>();
    for (const row of rows) byJob.set(row.job_name, [...(byJob.get(row.job_name) ?? []), row]);
    const pushed: string[] = [];
    for (const [name, jobRows] of byJob) {
      const entry = this.catalog.job(name);
      if (!entry) {
        // Kept for a worker that knows the job type (a newer deploy); logged so nobody wonders why it waits.
        this.logger.warn({ job: name, rows: jobRows.length }, 'outbox holds jobs of a type this process does not know');
        continue;
      }
      await this.enqueuer.add(
        entry,
        jobRows.map((row) => ({ envelope: row.envelope, jobId: row.job_id, delayMs: row.delay_ms, onlyIfNew: true })),
      );
      pushed.push(...jobRows.map((row) => row.id));
    }
    if (pushed.length > 0) await connection.execute('DELETE FROM job_outbox WHERE id = ANY(?::uuid[])', [uuidArray(pushed)], 'run', trx);
    return pushed.length;
  }
}
