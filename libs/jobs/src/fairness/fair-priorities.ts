import type { Redis } from 'ioredis';
import { PRIORITY_LIMIT } from 'bullmq';
import { fairnessKeys } from '../queues/queue-keys';

/**
 * Start-time fair queuing on BullMQ's (open-source) job priorities. See README "Fairness".
 *
 * BullMQ serves prioritized jobs lowest priority first, FIFO within one priority. Each job gets as its
 * priority the fairness round it belongs to:
 * - V, the current round, is the priority of the next job BullMQ will serve (head of `prioritized`);
 * - a tenant with nothing waiting joins the current round (V);
 * - a tenant whose previous job is still waiting continues after it: same round while fewer than
 *   `quantum` of its jobs share it, otherwise the next round.
 * So a tenant with 100,000 waiting jobs occupies rounds V..V+100,000, and another tenant's first job
 * lands in round V: it waits behind at most one round of the backlog, whatever its size. Within one
 * tenant, jobs keep their enqueue order.
 *
 * The script also claims job ids for idempotent enqueues (an id that exists, or was claimed in the last
 * 30 s, is reported as a duplicate) and counts enqueues per tenant and minute for the top-tenants view.
 */
const SCRIPT = `
local prioritized, tenants, rate = KEYS[1], KEYS[2], KEYS[3]
local jobPrefix, claimPrefix = ARGV[1], ARGV[2]
local quantum, maxPriority, rateTtl = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local head = redis.call('ZRANGE', prioritized, 0, 0, 'WITHSCORES')
local current = 1
if head[2] then current = math.max(1, math.floor(tonumber(head[2]) / 4294967296)) end
local out = {}
for i = 6, #ARGV, 2 do
  local tenant, jobId = ARGV[i], ARGV[i + 1]
  if redis.call('EXISTS', jobPrefix .. jobId) == 1 or not redis.call('SET', claimPrefix .. jobId, '1', 'NX', 'PX', 30000) then
    out[#out + 1] = -1
  else
    local priority, used
    local state = redis.call('HGET', tenants, tenant)
    if state then
      local tag, count, last = string.match(state, '^(%d+):(%d+):(.*)$')
      tag, count = tonumber(tag), tonumber(count)
      if redis.call('ZSCORE', prioritized, last) or redis.call('EXISTS', claimPrefix .. last) == 1 then
        if count < quantum then priority, used = math.max(tag, current), count + 1
        else priority, used = math.max(tag + 1, current), 1 end
      end
    end
    if not priority then priority, used = current, 1 end
    if priority > maxPriority then priority = maxPriority end
    redis.call('HSET', tenants, tenant, priority .. ':' .. used .. ':' .. jobId)
    redis.call('HINCRBY', rate, tenant, 1)
    out[#out + 1] = priority
  end
end
redis.call('EXPIRE', rate, rateTtl)
return out
`;

/** How long per-minute enqueue counters are kept (the top-tenants window is shorter). */
const RATE_TTL_SECONDS = 20 * 60;

type FairCommand = (keys: [string, string, string], ...args: Array<string | number>) => Promise<number[]>;

export interface FairSlot {
  /** `null` for platform jobs: they form one lane of their own. */
  readonly tenantId: string | null;
  readonly jobId: string;
}

/** Assigns fair priorities and claims ids in one round trip per batch. */
export class FairPriorities {
  private readonly command: FairCommand;

  constructor(
    private readonly redis: Redis,
    private readonly redisPrefix: string,
    private readonly quantum: number,
  ) {
    if (!('tesseraFairPriorities' in redis)) {
      redis.defineCommand('tesseraFairPriorities', { numberOfKeys: 3, lua: SCRIPT });
    }
    const bound = (redis as unknown as Record<string, FairCommand>)['tesseraFairPriorities']!;
    this.command = bound.bind(redis);
  }

  /** For each slot, its priority, or `null` when the id exists (or is being added): a duplicate. */
  async assign(queue: string, slots: readonly FairSlot[]): Promise<Array<number | null>> {
    const keys = fairnessKeys(this.redisPrefix, queue);
    const minute = Math.floor(Date.now() / 60_000);
    const args: Array<string | number> = [keys.jobPrefix, keys.claimPrefix, this.quantum, PRIORITY_LIMIT, RATE_TTL_SECONDS];
    for (const slot of slots) args.push(slot.tenantId ?? 'platform', slot.jobId);
    const result = await this.command([keys.prioritized, keys.tenants, keys.rate(minute)], ...args);
    return result.map((priority) => (priority < 0 ? null : priority));
  }

  /** Releases claims of ids whose add failed, so a retry of the enqueue is not taken for a duplicate. */
  async release(queue: string, jobIds: readonly string[]): Promise<void> {
    if (jobIds.length === 0) return;
    const keys = fairnessKeys(this.redisPrefix, queue);
    await this.redis.del(...jobIds.map((id) => `${keys.claimPrefix}${id}`));
  }
}
