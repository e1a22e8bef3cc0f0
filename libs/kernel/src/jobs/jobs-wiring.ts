import { MikroORM } from '@mikro-orm/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { ResolvedConfig } from '@tessera/config';
import { JobsRuntime, parseConcurrency, type JobsPorts, type PlatformJobOwner } from '@tessera/jobs';
import { AUDIT_LOG, type AuditLog } from '@tessera/module-sdk';
import { TenantScope } from '@tessera/persistence';
import type { Logger } from 'pino';
import type { MetricsRegistry } from '../metrics/metrics.registry';
import type { LoadedModule } from '../registry/loaded-module';
import type { ModuleContexts } from '../registry/module-contexts';
import type { ModuleRegistry } from '../registry/module-registry';
import { presentDependencies } from '../registry/resolve-module-graph';
import { MODULE_ENABLEMENT, type ModuleEnablement } from '../tenancy/module-enablement';

/** Builds the job layer of one platform instance from the validated configuration. */
export function createJobsRuntime(parts: {
  role: 'api' | 'worker' | 'cli';
  config: ResolvedConfig;
  order: readonly LoadedModule[];
  platformOwners: readonly PlatformJobOwner[];
  metrics: MetricsRegistry;
  logger: Logger;
}): JobsRuntime {
  const p = parts.config.platform;
  const names = new Set(parts.order.map(({ definition }) => definition.name));
  return new JobsRuntime({
    role: parts.role,
    settings: {
      redisUrl: p.REDIS_URL,
      redisPrefix: p.REDIS_PREFIX,
      processQueues: p.JOBS_QUEUES,
      excludeQueues: p.JOBS_EXCLUDE_QUEUES,
      inline: p.JOBS_INLINE,
      concurrency: parseConcurrency(p.JOBS_CONCURRENCY),
      lockDurationMs: p.JOBS_LOCK_DURATION_MS,
      stalledIntervalMs: p.JOBS_STALLED_INTERVAL_MS,
      maxStalledCount: p.JOBS_MAX_STALLED_COUNT,
      completedRetentionSeconds: p.JOBS_COMPLETED_RETENTION_SECONDS,
      failedRetentionSeconds: p.JOBS_FAILED_RETENTION_SECONDS,
      maxInputBytes: p.JOBS_MAX_INPUT_BYTES,
      maxResultBytes: p.JOBS_MAX_RESULT_BYTES,
      dashboardEnabled: p.JOBS_DASHBOARD_ENABLED,
      dashboardSessionTtlSeconds: p.JOBS_DASHBOARD_SESSION_TTL_SECONDS,
      fairQuantum: p.JOBS_FAIR_QUANTUM,
      secureCookies: p.NODE_ENV === 'production',
      metricsToken: p.METRICS_TOKEN,
    },
    modules: parts.order.map(({ definition }) => ({ definition, dependencies: presentDependencies(definition, names) })),
    platformOwners: parts.platformOwners,
    metrics: parts.metrics.registry,
    logger: parts.logger,
  });
}

/**
 * The platform services the job layer uses, from the initialised application. A platform owner's
 * handlers are providers of the platform core, and it is always running.
 */
export function jobsPorts(
  app: INestApplicationContext,
  registry: ModuleRegistry,
  contexts: ModuleContexts,
  platformOwners: readonly PlatformJobOwner[],
): JobsPorts {
  const owners = new Set(platformOwners.map((owner) => owner.name));
  const orm = app.get(MikroORM);
  const tenantScope = app.get(TenantScope);
  return {
    orm,
    tenantScope,
    audit: app.get<AuditLog>(AUDIT_LOG),
    enablement: app.get<ModuleEnablement>(MODULE_ENABLEMENT),
    resolve: (module, token) => (owners.has(module) ? app.get(token) : contexts.of(registry.get(module)!).get(token)),
    isModuleRunning: (module) => owners.has(module) || registry.isRunning(module),
    listActiveTenants: (afterId, limit) =>
      tenantScope.runWithoutTenant(async () => {
        const em = orm.em;
        const rows = (await em
          .getConnection()
          .execute(
            afterId === null
              ? "SELECT id FROM tenants WHERE status = 'active' ORDER BY id LIMIT ?"
              : "SELECT id FROM tenants WHERE status = 'active' AND id > ? ORDER BY id LIMIT ?",
            afterId === null ? [limit] : [afterId, limit],
            'all',
            em.getTransactionContext(),
          )) as Array<{ id: string }>;
        return rows.map((row) => row.id);
      }),
  };
}
