import type { JobDeclaration, ModuleDefinition } from '@tessera/module-sdk';
import { parseExpression } from 'cron-parser';

const DEFAULT_CONCURRENCY = 5;
const DEFAULT_ATTEMPTS = 3;
const DEFAULT_TIMEOUT_MS = 15 * 60_000;

/** A job type with every default applied. */
export interface CatalogJob {
  readonly name: string;
  readonly module: string;
  readonly queue: string;
  readonly declaration: JobDeclaration;
  readonly scope: 'tenant' | 'platform';
  readonly transaction: 'job' | 'step';
  readonly attempts: number;
  readonly backoff: { readonly delayMs: number; readonly maxDelayMs: number; readonly jitter: number };
  readonly timeoutMs: number;
  readonly version: number;
  /** For the job that delivers a domain event to a subscriber: the event's name. */
  readonly event?: string;
}

/** A queue with the jobs that run on it. */
export interface CatalogQueue {
  readonly name: string;
  readonly module: string;
  readonly description: string | null;
  readonly concurrency: number;
  readonly jobs: readonly CatalogJob[];
}

/** A problem found in the job declarations, in the registry's "module, problem, fix" form. */
export interface CatalogProblem {
  readonly module: string;
  readonly problem: string;
  readonly fix: string;
}

/** The job type that delivers `event` to `subscriber`, e.g. `billing.on:contacts.contact-merged`. */
export function eventJobName(subscriber: string, event: string): string {
  return `${subscriber}.on:${event}`;
}

function normalise(module: string, declaration: JobDeclaration): CatalogJob {
  return {
    name: declaration.name,
    module,
    queue: declaration.queue ?? module,
    declaration,
    scope: declaration.scope ?? 'tenant',
    transaction: declaration.transaction ?? 'job',
    attempts: declaration.attempts ?? DEFAULT_ATTEMPTS,
    backoff: {
      delayMs: declaration.backoff?.delayMs ?? 1_000,
      maxDelayMs: declaration.backoff?.maxDelayMs ?? 10 * 60_000,
      jitter: declaration.backoff?.jitter ?? 0.5,
    },
    timeoutMs: declaration.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    version: declaration.version ?? 1,
  };
}

/**
 * Every queue and job type of the loaded modules, looked up by name. The registry has validated the
 * shapes and namespaces already; the catalog adds defaults (a module with jobs always has a queue named
 * after itself) and checks what needs a parser (cron patterns, time zones).
 */
export class JobCatalog {
  private readonly queuesByName = new Map<string, CatalogQueue>();
  private readonly jobsByName = new Map<string, CatalogJob>();

  private readonly subscribersByEvent = new Map<string, CatalogJob[]>();
  private readonly publishedByModule = new Map<string, ReadonlySet<string>>();

  constructor(modules: readonly Pick<ModuleDefinition, 'name' | 'queues' | 'jobs' | 'events'>[]) {
    const published = new Set(modules.flatMap((definition) => (definition.events?.publishes ?? []).map((event) => event.name)));
    for (const definition of modules) {
      this.publishedByModule.set(definition.name, new Set((definition.events?.publishes ?? []).map((event) => event.name)));
      // Each subscription is delivered by a job of the subscriber, on its default queue. Subscriptions to an
      // event nobody loaded publishes (an optional dependency that is absent) have nothing to deliver.
      const deliveries = (definition.events?.subscribes ?? [])
        .filter((subscription) => published.has(subscription.event))
        .map((subscription) => ({
          ...normalise(definition.name, {
            name: eventJobName(definition.name, subscription.event),
            handler: subscription.handler as never,
            attempts: 5,
            description: `Delivers ${subscription.event} to ${definition.name}`,
          }),
          event: subscription.event,
        }));
      for (const delivery of deliveries) {
        this.subscribersByEvent.set(delivery.event, [...(this.subscribersByEvent.get(delivery.event) ?? []), delivery]);
      }
      const jobs = [...(definition.jobs ?? []).map((declaration) => normalise(definition.name, declaration)), ...deliveries];
      const declared = definition.queues ?? [];
      const names = new Set([...declared.map((q) => q.name), ...jobs.map((j) => j.queue)]);
      for (const name of names) {
        const queue = declared.find((q) => q.name === name);
        this.queuesByName.set(name, {
          name,
          module: definition.name,
          description: queue?.description ?? null,
          concurrency: queue?.concurrency ?? DEFAULT_CONCURRENCY,
          jobs: jobs.filter((job) => job.queue === name),
        });
      }
      for (const job of jobs) this.jobsByName.set(job.name, job);
    }
  }

  queues(): readonly CatalogQueue[] {
    return [...this.queuesByName.values()];
  }

  queue(name: string): CatalogQueue | undefined {
    return this.queuesByName.get(name);
  }

  job(name: string): CatalogJob | undefined {
    return this.jobsByName.get(name);
  }

  jobs(): readonly CatalogJob[] {
    return [...this.jobsByName.values()];
  }

  /** The delivery jobs of every loaded subscriber of an event. */
  subscribersOf(event: string): readonly CatalogJob[] {
    return this.subscribersByEvent.get(event) ?? [];
  }

  /** Whether `module` declares that it publishes `event`. */
  publishes(module: string, event: string): boolean {
    return this.publishedByModule.get(module)?.has(event) ?? false;
  }

  /** Semantic problems of the declarations (an invalid cron pattern or time zone). */
  problems(): CatalogProblem[] {
    const problems: CatalogProblem[] = [];
    for (const job of this.jobsByName.values()) {
      const schedule = job.declaration.schedule;
      if (!schedule) continue;
      try {
        parseExpression(schedule.cron, { tz: schedule.timezone, utc: schedule.timezone === undefined });
      } catch (error) {
        problems.push({
          module: job.module,
          problem: `job "${job.name}" has an invalid schedule "${schedule.cron}"${schedule.timezone ? ` in ${schedule.timezone}` : ''}: ${(error as Error).message}.`,
          fix: 'use a cron pattern of 5 fields (minute first) or 6 (second first), and an IANA time zone such as Europe/Paris.',
        });
      }
      if (schedule.timezone && !isTimeZone(schedule.timezone)) {
        problems.push({
          module: job.module,
          problem: `job "${job.name}" schedules in the unknown time zone "${schedule.timezone}".`,
          fix: 'use an IANA time zone such as Europe/Paris, or omit it for UTC.',
        });
      }
    }
    return problems;
  }

  /**
   * The queues a processing process runs: everything, or the named queues and modules, minus the
   * excluded ones. Unknown names are returned apart so the boot can refuse them with a fix.
   */
  select(include: readonly string[], exclude: readonly string[]): { queues: CatalogQueue[]; unknown: string[] } {
    const known = (name: string) => this.queuesByName.has(name) || this.queues().some((q) => q.module === name);
    const unknown = [...include.filter((name) => name !== '*'), ...exclude].filter((name) => !known(name));
    const matches = (queue: CatalogQueue, names: readonly string[]) => names.includes(queue.name) || names.includes(queue.module);
    const all = include.length === 0 || include.includes('*');
    const queues = this.queues().filter((queue) => (all || matches(queue, include)) && !matches(queue, exclude));
    return { queues, unknown };
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
