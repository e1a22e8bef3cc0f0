import type { Redis } from 'ioredis';

/**
 * The platform's shared Redis command connection (ioredis), for state every replica must see: counters,
 * locks, short-lived markers. Use it for commands only: never SUBSCRIBE or blocking commands on it (open
 * a `duplicate()` for those). Name every key with {@link ModuleRedis.key}, so deployments sharing a
 * Redis, and modules sharing a deployment, never collide.
 *
 * @example
 * ```ts
 * constructor(@Inject(MODULE_REDIS) private readonly redis: ModuleRedis) {}
 *
 * const key = this.redis.key('imports', tenantId, 'running');
 * await this.redis.client.set(key, '1', 'PX', 60_000, 'NX');
 * ```
 */
export interface ModuleRedis {
  readonly client: Redis;
  /** `<REDIS_PREFIX>:<module>:<parts joined by ":">`. */
  key(...parts: readonly string[]): string;
}

/**
 * Injection token of the module's {@link ModuleRedis} (each module receives its own key namespace).
 *
 * @example
 * ```ts
 * constructor(@Inject(MODULE_REDIS) private readonly redis: ModuleRedis) {}
 * ```
 */
export const MODULE_REDIS = Symbol.for('tessera.module-redis');
