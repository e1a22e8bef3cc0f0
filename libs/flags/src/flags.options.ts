import type { ModuleLogger, PlanEntitlements } from '@tessera/module-sdk';
import type { Redis } from 'ioredis';
import type { FlagsModuleCatalog } from './catalog/flags-module-catalog';

/** What the kernel hands the flags runtime of one platform instance. */
export interface FlagsOptions {
  /** The instance's command connection: publishes changes (a duplicate subscribes). */
  readonly redis: Redis;
  /** REDIS_PREFIX: the change channel is `<prefix>:flags:changes`. */
  readonly redisPrefix: string;
  readonly catalog: FlagsModuleCatalog;
  /** TENANT_DEFAULT_MODULES; empty: each module's `enablement` decides. */
  readonly defaultModules: readonly string[];
  /** PLAN_ENTITLEMENTS: the default entitlement source. */
  readonly planEntitlements: Readonly<Record<string, PlanEntitlements>>;
  readonly cache: { readonly maxTenants: number; readonly ttlMs: number };
  readonly logger: ModuleLogger;
}

export const FLAGS_OPTIONS = Symbol.for('tessera.flags-options');
