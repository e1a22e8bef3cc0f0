/** The job layer's settings, mapped by the kernel from the platform configuration (`JOBS_*`). */
export interface JobsSettings {
  readonly redisUrl: string;
  /** REDIS_PREFIX: every key and queue of the job layer lives under `<prefix>:jobs:`. */
  readonly redisPrefix: string;
  /** Queues or modules a processing process runs (`*` for all), and those it leaves out. */
  readonly processQueues: readonly string[];
  readonly excludeQueues: readonly string[];
  /** apps/api runs processors too (development). */
  readonly inline: boolean;
  /** Per-queue concurrency overrides. */
  readonly concurrency: Readonly<Record<string, number>>;
  readonly lockDurationMs: number;
  readonly stalledIntervalMs: number;
  readonly maxStalledCount: number;
  /** How long completed jobs are kept: also how long an idempotency key holds. */
  readonly completedRetentionSeconds: number;
  readonly failedRetentionSeconds: number;
  readonly maxInputBytes: number;
  readonly maxResultBytes: number;
  readonly dashboardEnabled: boolean;
  readonly dashboardSessionTtlSeconds: number;
  /** Consecutive jobs of one tenant that share a fairness round. */
  readonly fairQuantum: number;
  /** Set the Secure attribute on the dashboard cookie (production). */
  readonly secureCookies: boolean;
  /** Bearer token Prometheus sends to a worker's /metrics, if any. */
  readonly metricsToken?: string;
}

/** Parses `queue=n,queue2=m` (JOBS_CONCURRENCY). Invalid entries are reported by the config schema. */
export function parseConcurrency(value: string): Record<string, number> {
  const result: Record<string, number> = {};
  for (const entry of value.split(',').map((part) => part.trim()).filter(Boolean)) {
    const [queue, count] = entry.split('=');
    if (queue && count) result[queue.trim()] = Number(count);
  }
  return result;
}
