import type { Job } from 'bullmq';
import type { Logger } from 'pino';
import type { CatalogJob, CatalogQueue } from '../catalog/job-catalog';
import type { JobEnvelope } from '../envelope/job-envelope';
import { jobIdFor } from '../envelope/job-ids';
import type { JobEnqueuer } from '../enqueue/job-enqueuer';
import type { JobsPorts } from '../jobs-ports';
import type { QueueSet } from '../queues/queue-set';

const TENANT_PAGE = 500;

/**
 * Cron schedules, on BullMQ job schedulers (one per scheduled job type, upserted by every processing
 * process, so a deploy that changes a pattern takes effect and one that drops a schedule removes it).
 *
 * A platform job's scheduler adds the job itself. A tenant job's scheduler adds one "tick"; the worker
 * that runs the tick enqueues the job for every active tenant that has the module enabled, with an
 * idempotency key derived from the tick's time, so a tick that runs twice (or is retried halfway) still
 * creates one job per tenant. One scheduler serves any number of tenants, and tenants created later are
 * included at the next tick with nothing to set up.
 */
export class JobSchedules {
  constructor(
    private readonly queues: QueueSet,
    private readonly enqueuer: JobEnqueuer,
    private readonly ports: () => JobsPorts,
    private readonly logger: Logger,
  ) {}

  /** Makes the schedulers of `queues` match the declarations. */
  async sync(queues: readonly CatalogQueue[]): Promise<void> {
    for (const declared of queues) {
      const { queue } = this.queues.require(declared.name);
      const scheduled = declared.jobs.filter((job) => job.declaration.schedule);
      const wanted = new Set(scheduled.map((job) => job.name));
      for (const existing of await queue.getJobSchedulers(0, -1)) {
        if (existing.key && !wanted.has(existing.key)) await queue.removeJobScheduler(existing.key);
      }
      for (const job of scheduled) {
        const schedule = job.declaration.schedule!;
        await queue.upsertJobScheduler(
          job.name,
          { pattern: schedule.cron, ...(schedule.timezone ? { tz: schedule.timezone } : { utc: true }) },
          { name: job.name, data: this.templateEnvelope(job), opts: { ...this.queues.jobOptions(job.name), priority: 1 } },
        );
      }
    }
  }

  /** Fans a tick out to every active tenant that has the module on. */
  async runTick(entry: CatalogJob, envelope: JobEnvelope, job: Job): Promise<{ tenants: number }> {
    const ports = this.ports();
    const slot = tickTime(job);
    let after: string | null = null;
    let tenants = 0;
    for (;;) {
      const page: string[] = await ports.listActiveTenants(after, TENANT_PAGE);
      if (page.length === 0) break;
      after = page[page.length - 1]!;
      const enabled: string[] = [];
      for (const tenantId of page) if (await ports.enablement.isEnabled(tenantId, entry.module)) enabled.push(tenantId);
      const key = `schedule:${slot}`;
      await this.enqueuer.add(
        entry,
        enabled.map((tenantId) => ({
          jobId: jobIdFor(tenantId, entry.name, key),
          envelope: { ...envelope, kind: 'job', tenantId, idempotencyKey: key, enqueuedAt: new Date().toISOString() },
        })),
      );
      tenants += enabled.length;
      if (page.length < TENANT_PAGE) break;
    }
    this.logger.info({ job: entry.name, slot, tenants }, 'schedule tick fanned out');
    return { tenants };
  }

  private templateEnvelope(job: CatalogJob): JobEnvelope {
    return {
      format: 1,
      kind: job.scope === 'tenant' ? 'schedule-tick' : 'job',
      module: job.module,
      tenantId: null,
      actor: { kind: 'system', id: 'scheduler' },
      requestId: `schedule:${job.name}`,
      idempotencyKey: null,
      schemaVersion: job.version,
      enqueuedAt: new Date().toISOString(),
      input: job.declaration.schedule?.input ?? {},
    };
  }
}

/** The time slot a scheduler job stands for (its id is `repeat:<scheduler>:<millis>`). */
function tickTime(job: Job): string {
  const millis = Number(job.id?.split(':')[2] ?? job.opts.prevMillis ?? job.timestamp);
  return new Date(Number.isFinite(millis) ? millis : job.timestamp).toISOString();
}
