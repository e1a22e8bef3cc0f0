import type { CatalogJob } from '../catalog/job-catalog';

/**
 * Delay before attempt `attemptsMade + 1`: exponential from the job type's base delay, capped, minus a
 * random share (`jitter`) so that jobs failing together spread their retries. BullMQ's built-in
 * exponential backoff has no cap, hence this strategy (registered on every worker as type `tessera`).
 */
export function backoffDelay(backoff: CatalogJob['backoff'], attemptsMade: number, random: () => number = Math.random): number {
  const exponential = backoff.delayMs * 2 ** Math.max(0, attemptsMade - 1);
  const capped = Math.min(exponential, backoff.maxDelayMs);
  return Math.floor(capped * (1 - backoff.jitter * random()));
}
