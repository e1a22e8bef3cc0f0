import { assertFlagsConfiguration, type FlagsOptions } from '@tessera/flags';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { PlatformSettings } from '../bootstrap/platform-settings';
import { moduleLogger } from '../logging/module-logger';
import type { ModuleContexts } from '../registry/module-contexts';
import type { ModuleRegistry } from '../registry/module-registry';

/** The flags runtime's view of this platform instance: its registry, settings, Redis and logger. */
export function flagsOptions(parts: {
  registry: ModuleRegistry;
  contexts: ModuleContexts;
  settings: PlatformSettings;
  redis: Redis;
  logger: Logger;
}): FlagsOptions {
  const { registry, contexts, settings } = parts;
  const platform = settings.platform;
  const options: FlagsOptions = {
    redis: parts.redis,
    redisPrefix: platform.REDIS_PREFIX,
    catalog: {
      modules: () => registry.all().map((runtime) => runtime.definition),
      isRunning: (name) => registry.isRunning(name),
      contextOf: (name) => contexts.of(registry.get(name)!),
    },
    defaultModules: platform.TENANT_DEFAULT_MODULES,
    planEntitlements: platform.PLAN_ENTITLEMENTS,
    cache: { maxTenants: platform.FLAGS_CACHE_MAX_TENANTS, ttlMs: platform.FLAGS_CACHE_TTL_SECONDS * 1000 },
    logger: moduleLogger(parts.logger, 'flags'),
  };
  // Refuse a bad configuration before the application (and its connections) exists.
  assertFlagsConfiguration(options);
  return options;
}
