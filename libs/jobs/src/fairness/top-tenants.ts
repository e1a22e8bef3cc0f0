import type { Redis } from 'ioredis';
import { fairnessKeys } from '../queues/queue-keys';

/** One tenant's share of a queue. */
export interface TenantLoad {
  /** `platform` for platform jobs. */
  readonly tenantId: string;
  /** Jobs of the tenant waiting in the queue, estimated from its fairness rounds (exact when quantum is 1 and nothing was removed by hand). */
  readonly waitingEstimate: number;
  /** Jobs the tenant enqueued in the window. */
  readonly enqueuedRecently: number;
}

const WINDOW_MINUTES = 15;

/**
 * Which tenants load a queue, from the data fairness keeps anyway (no per-job cost, no tenant label on
 * metrics): each tenant's last round and its per-minute enqueue counts. Entries of tenants with nothing
 * waiting and no recent enqueue are pruned on the way.
 */
export async function topTenants(redis: Redis, redisPrefix: string, queue: string, quantum: number, limit: number): Promise<{ windowMinutes: number; tenants: TenantLoad[] }> {
  const keys = fairnessKeys(redisPrefix, queue);
  const minute = Math.floor(Date.now() / 60_000);
  const pipeline = redis.pipeline().zrange(keys.prioritized, 0, 0, 'WITHSCORES').hgetall(keys.tenants);
  for (let i = 0; i < WINDOW_MINUTES; i++) pipeline.hgetall(keys.rate(minute - i));
  const replies = ((await pipeline.exec()) ?? []).map(([error, value]) => {
    if (error) throw error;
    return value;
  });
  const head = replies[0] as string[];
  const states = replies[1] as Record<string, string>;
  const recent = new Map<string, number>();
  for (const row of replies.slice(2) as Array<Record<string, string>>) {
    for (const [tenant, count] of Object.entries(row)) recent.set(tenant, (recent.get(tenant) ?? 0) + Number(count));
  }

  const current = head[1] ? Math.max(1, Math.floor(Number(head[1]) / 4_294_967_296)) : 1;
  const entries = Object.entries(states ?? {}).map(([tenantId, state]) => {
    const [tag, used, last] = state.split(':');
    return { tenantId, tag: Number(tag), used: Number(used), last: last ?? '' };
  });
  const scores = entries.length > 0 ? await redis.pipeline(entries.map((entry) => ['zscore', keys.prioritized, entry.last])).exec() : [];
  const loads: TenantLoad[] = [];
  const stale: string[] = [];
  entries.forEach((entry, index) => {
    const waiting = scores?.[index]?.[1] !== null && scores?.[index]?.[1] !== undefined;
    const waitingEstimate = waiting ? Math.max(0, entry.tag - current) * quantum + entry.used : 0;
    const enqueuedRecently = recent.get(entry.tenantId) ?? 0;
    if (waitingEstimate === 0 && enqueuedRecently === 0) stale.push(entry.tenantId);
    else loads.push({ tenantId: entry.tenantId, waitingEstimate, enqueuedRecently });
  });
  if (stale.length > 0) await redis.hdel(keys.tenants, ...stale);
  loads.sort((a, b) => b.waitingEstimate - a.waitingEstimate || b.enqueuedRecently - a.enqueuedRecently || a.tenantId.localeCompare(b.tenantId));
  return { windowMinutes: WINDOW_MINUTES, tenants: loads.slice(0, limit) };
}
