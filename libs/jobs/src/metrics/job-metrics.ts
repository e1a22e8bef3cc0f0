import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Counts of one queue, read from Redis when Prometheus scrapes. */
export interface QueueCountsSample {
  readonly queue: string;
  readonly module: string;
  readonly counts: Readonly<Record<string, number>>;
  readonly deadLetters: number;
}

const STATES = ['waiting', 'prioritized', 'delayed', 'active', 'failed', 'completed', 'paused'] as const;

/**
 * The job layer's Prometheus metrics, in the platform's registry. Labels are bounded (queue, module, job
 * type, outcome): never a tenant id. Which tenant floods a queue is in the top-tenants view of the API.
 *
 * Queue depths are read from Redis at scrape time, so every replica reports the same figures: aggregate
 * them with `max by (queue)`, not `sum`.
 */
export class JobMetrics {
  readonly enqueued: Counter<'queue' | 'module' | 'job'>;
  /** Attempts by outcome: completed, retried (failed, will run again), dead-lettered, released (shutdown), refused. */
  readonly attempts: Counter<'queue' | 'module' | 'job' | 'outcome'>;
  readonly duration: Histogram<'queue' | 'module' | 'job' | 'outcome'>;
  private cached: { at: number; samples: Promise<readonly QueueCountsSample[]> } | undefined;
  /**
   * Label children by queue, job type and outcome (label validation per observation is measurable at
   * thousands of jobs per second), with the attempts not yet added to the counter: they are added when the
   * counter is collected (a scrape), one `inc(n)` per child instead of one per job.
   */
  private readonly children = new Map<string, AttemptChild>();

  constructor(registry: Registry, sample: () => Promise<readonly QueueCountsSample[]>) {
    const samples = (): Promise<readonly QueueCountsSample[]> => {
      // Both gauges are collected in one scrape: read Redis once.
      if (!this.cached || Date.now() - this.cached.at > 1_000) this.cached = { at: Date.now(), samples: sample() };
      return this.cached.samples;
    };
    this.enqueued = new Counter({
      name: 'tessera_jobs_enqueued_total',
      help: 'Jobs added, by queue, module and job type.',
      labelNames: ['queue', 'module', 'job'] as const,
      registers: [registry],
    });
    this.attempts = new Counter({
      name: 'tessera_jobs_attempts_total',
      help: 'Job attempts run by this process, by outcome (completed, retried, dead-lettered, released, refused).',
      labelNames: ['queue', 'module', 'job', 'outcome'] as const,
      registers: [registry],
      collect: () => this.flushAttempts(),
    });
    this.duration = new Histogram({
      name: 'tessera_jobs_processing_duration_seconds',
      help: 'Time one attempt of a job took in its handler, by outcome.',
      labelNames: ['queue', 'module', 'job', 'outcome'] as const,
      buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 1800],
      registers: [registry],
    });
    new Gauge({
      name: 'tessera_jobs_queue_jobs',
      help: 'Jobs in a queue by state (read from Redis at scrape time; identical on every replica).',
      labelNames: ['queue', 'module', 'state'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const sample of await samples()) {
          for (const state of STATES) this.set({ queue: sample.queue, module: sample.module, state }, sample.counts[state] ?? 0);
        }
      },
    });
    new Gauge({
      name: 'tessera_jobs_dead_letters',
      help: 'Dead-lettered jobs waiting for an operator (replay or discard), by queue.',
      labelNames: ['queue', 'module'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const sample of await samples()) this.set({ queue: sample.queue, module: sample.module }, sample.deadLetters);
      },
    });
  }

  /** Records one attempt's outcome and handler duration. */
  recordAttempt(queue: string, module: string, job: string, outcome: string, seconds: number): void {
    // A job type belongs to one module: queue, job and outcome identify the label set.
    const key = `${queue}\n${job}\n${outcome}`;
    let child = this.children.get(key);
    if (!child) {
      const labels = { queue, module, job, outcome };
      child = { duration: this.duration.labels(labels), attempts: this.attempts.labels(labels), pending: 0 };
      this.children.set(key, child);
    }
    child.duration.observe(seconds);
    child.pending++;
  }

  private flushAttempts(): void {
    for (const child of this.children.values()) {
      if (child.pending === 0) continue;
      child.attempts.inc(child.pending);
      child.pending = 0;
    }
  }
}

interface AttemptChild {
  readonly duration: { observe(value: number): void };
  readonly attempts: { inc(value: number): void };
  /** Attempts recorded since the counter was last collected. */
  pending: number;
}
