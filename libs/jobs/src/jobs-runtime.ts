import type { Provider, Type } from '@nestjs/common';
import type { DomainEvents, JobQueue, ModuleDefinition } from '@tessera/module-sdk';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { JobCatalog, type CatalogQueue } from './catalog/job-catalog';
import { DashboardSessions } from './dashboard/dashboard-sessions';
import { DashboardSessionsController } from './dashboard/dashboard-sessions.controller';
import { DASHBOARD_PATH, dashboardRouter } from './dashboard/dashboard-router';
import { JobEnqueuer } from './enqueue/job-enqueuer';
import { JobOutbox } from './outbox/job-outbox';
import { ModuleDomainEvents } from './events/module-domain-events';
import { ModuleJobQueue } from './enqueue/module-job-queue';
import { FairPriorities } from './fairness/fair-priorities';
import type { JobsPorts } from './jobs-ports';
import type { JobsSettings } from './jobs-settings';
import { JobMetrics, type QueueCountsSample } from './metrics/job-metrics';
import { PlatformQueuesController } from './operations/platform-queues.controller';
import { QueueOperations } from './operations/queue-operations.service';
import { QueueSet } from './queues/queue-set';
import { DeadLetters } from './run/dead-letters';
import { JobRunner } from './run/job-runner';
import { StepLedger } from './run/step-ledger';
import { WorkerPool } from './run/worker-pool';
import { JobSchedules } from './schedule/job-schedules';
import { JobStatusReader } from './status/job-status-reader';
import { TenantJobsController } from './status/tenant-jobs.controller';

/** The job layer's HTTP controllers (served by apps/api). */
export const JOBS_CONTROLLERS: readonly Type<unknown>[] = [PlatformQueuesController, DashboardSessionsController, TenantJobsController];

export interface JobsRuntimeOptions {
  readonly role: 'api' | 'worker' | 'cli';
  readonly settings: JobsSettings;
  /** Every loaded module with the modules it depends on (which decides whose jobs it may enqueue). */
  readonly modules: ReadonlyArray<{ readonly definition: ModuleDefinition; readonly dependencies: readonly string[] }>;
  /**
   * Parts of the platform that own background work, declared like a module's queues and jobs (e.g. the
   * file store's purge). Their handlers are platform providers, resolved through the same port; no module
   * can enqueue their jobs.
   */
  readonly platformOwners?: readonly PlatformJobOwner[];
  readonly metrics: Registry;
  readonly logger: Logger;
}

/** Platform-owned queues and jobs, in the shape a module declares them. */
export type PlatformJobOwner = Pick<ModuleDefinition, 'name' | 'queues' | 'jobs'>;

/** The subset of Express the dashboard needs. */
export interface MountableApp {
  use(path: string, handler: unknown): unknown;
}

/**
 * The job layer of one platform instance, composed once by the kernel: queues, fair enqueue, the
 * processor, workers, schedules, dead letters, operations and the dashboard. Plain objects, so the
 * kernel can start processing after every module has booted and stop it before any module shuts down.
 */
export class JobsRuntime {
  readonly catalog: JobCatalog;
  readonly queues: QueueSet;
  readonly statusReader: JobStatusReader;
  readonly operations: QueueOperations;
  readonly sessions: DashboardSessions;
  private readonly enqueuer: JobEnqueuer;
  private readonly outbox: JobOutbox;
  private readonly workers: WorkerPool;
  private readonly schedules: JobSchedules;
  private portsValue: JobsPorts | undefined;
  private readonly selection: { queues: CatalogQueue[]; unknown: string[] };

  constructor(private readonly options: JobsRuntimeOptions) {
    const { settings, logger } = options;
    const jobsLogger = logger.child({ component: 'jobs' });
    this.catalog = new JobCatalog([...options.modules.map(({ definition }) => definition), ...(options.platformOwners ?? [])]);
    this.queues = new QueueSet(this.catalog, settings);
    const fair = new FairPriorities(this.queues.connection, settings.redisPrefix, settings.fairQuantum);
    const metrics = new JobMetrics(options.metrics, () => this.sampleCounts());
    this.enqueuer = new JobEnqueuer(this.queues, fair, metrics);
    this.outbox = new JobOutbox(this.catalog, this.queues, this.enqueuer, () => this.ports, jobsLogger);
    this.statusReader = new JobStatusReader(this.queues);
    const deadLetters = new DeadLetters(this.queues, this.catalog, this.enqueuer, fair);
    this.operations = new QueueOperations(this.catalog, this.queues, this.statusReader, deadLetters, settings, () => this.ports.audit);
    this.sessions = new DashboardSessions(this.queues.connection, settings.redisPrefix, settings.dashboardSessionTtlSeconds);
    this.schedules = new JobSchedules(this.queues, this.enqueuer, () => this.ports, jobsLogger);
    const steps = new StepLedger(() => this.ports);
    const runner = new JobRunner(this.catalog, () => this.ports, steps, deadLetters, metrics, jobsLogger, settings.maxResultBytes, (entry, envelope, job) =>
      this.schedules.runTick(entry, envelope, job),
    );
    this.workers = new WorkerPool(settings, this.catalog, runner, steps, jobsLogger);
    this.selection = this.catalog.select(settings.processQueues, settings.excludeQueues);
  }

  /** Whether this process runs processors: workers always, the API only with JOBS_INLINE, the CLI never. */
  get processes(): boolean {
    return this.options.role === 'worker' || (this.options.role === 'api' && this.options.settings.inline);
  }

  /** Names in JOBS_QUEUES / JOBS_EXCLUDE_QUEUES that are neither a queue nor a module. */
  unknownSelections(): readonly string[] {
    return this.selection.unknown;
  }

  /** The JobQueue a module receives: its own jobs and those of the modules it depends on. */
  queueFor(module: string): JobQueue {
    const entry = this.options.modules.find(({ definition }) => definition.name === module);
    const visible = new Set([module, ...(entry?.dependencies ?? [])]);
    return new ModuleJobQueue(module, visible, this.catalog, this.outbox, this.statusReader, this.options.settings.maxInputBytes);
  }

  /** The DomainEvents a module receives: it publishes the events it declares. */
  eventsFor(module: string): DomainEvents {
    return new ModuleDomainEvents(module, this.catalog, this.outbox, () => this.ports, this.options.settings.maxInputBytes);
  }

  /** Nest providers of the job layer's controllers. */
  providers(): Provider[] {
    return [
      { provide: QueueOperations, useValue: this.operations },
      { provide: DashboardSessions, useValue: this.sessions },
      { provide: JobStatusReader, useValue: this.statusReader },
    ];
  }

  /** Mounts the dashboard (api role) before Nest's routes. */
  mountDashboard(app: MountableApp): void {
    if (!this.options.settings.dashboardEnabled) return;
    app.use(
      DASHBOARD_PATH,
      dashboardRouter({
        queues: this.queues,
        sessions: this.sessions,
        audit: () => this.ports.audit,
        secureCookies: this.options.settings.secureCookies,
        logger: this.options.logger.child({ component: 'jobs-dashboard' }),
      }),
    );
  }

  /** Connects the platform's services once the Nest application exists. */
  attach(ports: JobsPorts): void {
    this.portsValue = ports;
  }

  /** Starts the workers of the selected queues whose module is running, and syncs their schedules. */
  async start(): Promise<void> {
    if (!this.processes) return;
    const queues = this.selection.queues.filter((queue) => {
      if (this.ports.isModuleRunning(queue.module)) return true;
      this.options.logger.warn({ queue: queue.name, module: queue.module }, 'not processing the queue: its module is not running');
      return false;
    });
    this.workers.start(queues);
    await this.schedules.sync(queues);
    this.outbox.startSweeper();
  }

  /** Stops taking jobs and finishes or releases the running ones within `budgetMs`. */
  async stopProcessing(budgetMs: number): Promise<void> {
    await this.outbox.stopSweeper();
    await this.workers.drain(budgetMs);
  }

  /** Pushes jobs left in the outbox by a process that stopped between a commit and its push. */
  sweepOutbox(): Promise<void> {
    return this.outbox.sweep();
  }

  async close(): Promise<void> {
    await this.outbox.stopSweeper();
    await this.workers.drain(0);
    await this.queues.close();
  }

  private get ports(): JobsPorts {
    if (!this.portsValue) throw new Error('The job layer is not attached to the platform yet.');
    return this.portsValue;
  }

  private async sampleCounts(): Promise<readonly QueueCountsSample[]> {
    try {
      return await Promise.all(
        this.queues.all().map(async (pair) => ({
          queue: pair.name,
          module: pair.module,
          counts: await pair.queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'failed', 'completed', 'paused'),
          deadLetters: await pair.deadLetters.getJobCountByTypes('wait', 'paused', 'prioritized'),
        })),
      );
    } catch (error) {
      this.options.logger.warn({ err: { message: (error as Error).message } }, 'could not read queue counts for metrics');
      return [];
    }
  }
}
