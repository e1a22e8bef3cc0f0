import { LRUCache } from 'lru-cache';
import type { TenantState } from './flag-states';

/**
 * Tenants' states in memory: a bounded LRU (lru-cache) with a time-to-live as the safety net for a
 * missed change message, plus one shared load per tenant in flight. A load that an invalidation
 * overtook still answers the callers that were waiting for it, but is not kept.
 */
export class TenantStateCache {
  private readonly cache: LRUCache<string, TenantState>;
  private readonly inflight = new Map<string, Promise<TenantState>>();

  constructor(
    options: { readonly maxTenants: number; readonly ttlMs: number },
    private readonly loader: (tenantId: string) => Promise<TenantState>,
  ) {
    this.cache = new LRUCache({ max: options.maxTenants, ttl: options.ttlMs, updateAgeOnGet: false });
  }

  /** The cached state, or `undefined` (never loads). */
  peek(tenantId: string): TenantState | undefined {
    return this.cache.get(tenantId);
  }

  has(tenantId: string): boolean {
    return this.cache.has(tenantId);
  }

  load(tenantId: string): Promise<TenantState> {
    const cached = this.cache.get(tenantId);
    if (cached) return Promise.resolve(cached);
    const pending = this.inflight.get(tenantId);
    if (pending) return pending;
    const flight: Promise<TenantState> = this.loader(tenantId).then(
      (state) => {
        if (this.inflight.get(tenantId) === flight) {
          this.inflight.delete(tenantId);
          this.cache.set(tenantId, state);
        }
        return state;
      },
      (error: unknown) => {
        if (this.inflight.get(tenantId) === flight) this.inflight.delete(tenantId);
        throw error;
      },
    );
    this.inflight.set(tenantId, flight);
    return flight;
  }

  /** Forgets one tenant (and any load of it in flight). Returns whether it was cached. */
  invalidate(tenantId: string): boolean {
    this.inflight.delete(tenantId);
    return this.cache.delete(tenantId);
  }

  clear(): void {
    this.inflight.clear();
    this.cache.clear();
  }
}
