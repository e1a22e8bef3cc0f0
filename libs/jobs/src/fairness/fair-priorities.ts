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
 * Per job it runs no Redis command unless the job has an idempotency key; per tenant of a batch, three.
 */
const SCRIPT = `
local prioritized, tenants, rate = KEYS[1], KEYS[2], KEYS[3]
local jobPrefix, claimPrefix = ARGV[1], ARGV[2]
local quantum, maxPriority, rateTtl = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local head = redis.call('ZRANGE', prioritized, 0, 0, 'WITHSCORES')
local current = 1
if head[2] then current = math.max(1, math.floor(tonumber(head[2]) / 4294967296)) end
local states, counts, out = {}, {}, {}
for i = 6, #ARGV, 3 do
  local tenant, jobId, idempotent = ARGV[i], ARGV[i + 1], ARGV[i + 2] == '1'
  if idempotent and (redis.call('EXISTS', jobPrefix .. jobId) == 1 or not redis.call('SET', claimPrefix .. jobId, '1', 'NX', 'PX', 30000)) then
    out[#out + 1] = -1
  else
    local state = states[tenant]
    if not state then
      state = { pending = false, tag = 0, used = 0 }
      local raw = redis.call('HGET', tenants, tenant)
      if raw then
        local tag, used, last, at = string.match(raw, '^(%d+):(%d+):([^:]*):(%d+)$')
        if tag then
          state.tag, state.used = tonumber(tag), tonumber(used)
          -- Its previous job still waits, or was added moments ago (another enqueue may be adding it now).
          state.pending = redis.call('ZSCORE', prioritized, last) ~= false or now - tonumber(at) < 30000
        end
      end
      states[tenant] = state
    end
    local priority, used
    if state.pending and state.used < quantum then priority, used = math.max(state.tag, current), state.used + 1
    elseif state.pending then priority, used = math.max(state.tag + 1, current), 1
    else priority, used = current, 1 end
    if priority > maxPriority then priority = maxPriority end
    state.tag, state.used, state.pending, state.last = priority, used, true, jobId
    counts[tenant] = (counts[tenant] or 0) + 1
    out[#out + 1] = priority
  end
end
for tenant, state in pairs(states) do
  if state.last then redis.call('HSET', tenants, tenant, state.tag .. ':' .. state.used .. ':' .. state.last .. ':' .. now) end
end
for tenant, count in pairs(counts) do redis.call('HINCRBY', rate, tenant, count) end
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
  /** The id derives from an idempotency key: check and claim it. */
  readonly idempotent: boolean;
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
    for (const slot of slots) args.push(slot.tenantId ?? 'platform', slot.jobId, slot.idempotent ? '1' : '0');
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
