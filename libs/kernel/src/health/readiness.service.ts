import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, MikroOrmHealthIndicator, type HealthIndicatorResult } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { withTimeout } from '../lifecycle/with-timeout';
import { ModuleContexts } from '../registry/module-contexts';
import { ModuleRegistry, type ModuleRuntime } from '../registry/module-registry';
import { REDIS_CONNECTION } from '../redis/redis.tokens';
import { ConfigService } from '@nestjs/config';
import type { PlatformConfigService } from '../bootstrap/platform-configuration';
import { SearchRuntime } from '@tessera/search';

// Infrastructure whose failure degrades the platform instead of taking it down: without Elasticsearch only
// the search of the tenants on it fails, and pulling every replica out of the load balancer would not help.
const DEGRADING_CHECKS = new Set(['elasticsearch']);

export type OverallStatus = 'ok' | 'degraded' | 'down';

export interface ModuleHealth {
  readonly state: ModuleRuntime['state'];
  readonly critical: boolean;
  readonly status: 'up' | 'down';
  readonly checks: Record<string, { status: 'up' | 'down'; details?: Record<string, unknown>; error?: string }>;
}

export interface ReadinessReport {
  readonly status: OverallStatus;
  readonly checks: Record<string, { status: string; [key: string]: unknown }>;
  readonly modules: Record<string, ModuleHealth>;
}

/**
 * Readiness: PostgreSQL and Redis (terminus indicators), Elasticsearch when search uses it, plus every
 * module's state and own checks. `down` when PostgreSQL, Redis or a critical module is unhealthy (or the
 * process is shutting down); `degraded` when only Elasticsearch or non-critical modules are.
 */
@Injectable()
export class ReadinessService {
  private shuttingDown = false;

  constructor(
    private readonly health: HealthCheckService,
    private readonly database: MikroOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS_CONNECTION) private readonly redis: Redis,
    private readonly registry: ModuleRegistry,
    private readonly contexts: ModuleContexts,
    @Inject(ConfigService) private readonly config: PlatformConfigService,
    private readonly search: SearchRuntime,
  ) {}

  /** From now on readiness answers `down`, so load balancers stop sending traffic. */
  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  async check(): Promise<ReadinessReport> {
    const timeout = this.config.get('platform.HEALTH_CHECK_TIMEOUT_MS', { infer: true });
    const [infrastructure, modules] = await Promise.all([this.checkInfrastructure(timeout), this.checkModules(timeout)]);
    const failing = Object.entries(infrastructure).filter(([, check]) => check.status !== 'up').map(([name]) => name);
    const infraDown = failing.some((name) => !DEGRADING_CHECKS.has(name));
    const infraDegraded = failing.length > 0;
    const moduleHealth = Object.values(modules);
    const criticalDown = moduleHealth.some((m) => m.critical && m.status === 'down');
    const optionalDown = moduleHealth.some((m) => !m.critical && m.status === 'down');
    const status: OverallStatus = this.shuttingDown || infraDown || criticalDown ? 'down' : optionalDown || infraDegraded ? 'degraded' : 'ok';
    const checks = this.shuttingDown ? { ...infrastructure, process: { status: 'down', reason: 'shutting down' } } : infrastructure;
    return { status, checks, modules };
  }

  private async checkInfrastructure(timeout: number): Promise<ReadinessReport['checks']> {
    try {
      const result = await this.health.check([
        () => this.database.pingCheck('postgres', { timeout }),
        () => this.pingRedis(timeout),
        ...(this.search.usesElasticsearch ? [() => this.checkElasticsearch(timeout)] : []),
      ]);
      return { ...result.info, ...result.error } as ReadinessReport['checks'];
    } catch (error) {
      if (error instanceof ServiceUnavailableException) {
        const body = error.getResponse() as { info?: object; error?: object };
        return { ...body.info, ...body.error } as ReadinessReport['checks'];
      }
      throw error;
    }
  }

  private async pingRedis(timeout: number): Promise<HealthIndicatorResult<'redis'>> {
    const indicator = this.indicators.check('redis');
    const started = performance.now();
    try {
      await withTimeout(this.redis.ping(), timeout, 'redis ping');
      return indicator.up({ latencyMs: Math.round(performance.now() - started) });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  private async checkElasticsearch(timeout: number): Promise<HealthIndicatorResult<'elasticsearch'>> {
    const indicator = this.indicators.check('elasticsearch');
    const started = performance.now();
    try {
      const result = await withTimeout(this.search.elasticsearchHealth(), timeout, 'elasticsearch health');
      const details = { ...result?.details, latencyMs: Math.round(performance.now() - started) };
      return result?.status === 'up' ? indicator.up(details) : indicator.down(details);
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  private async checkModules(timeout: number): Promise<Record<string, ModuleHealth>> {
    const entries = await Promise.all(
      this.registry.all().map(async (runtime): Promise<[string, ModuleHealth]> => {
        const { name, health = [] } = runtime.definition;
        if (runtime.state !== 'running') {
          return [name, { state: runtime.state, critical: runtime.critical, status: 'down', checks: {} }];
        }
        const context = this.contexts.of(runtime);
        const checks: ModuleHealth['checks'] = {};
        await Promise.all(
          health.map(async (check) => {
            try {
              const result = await withTimeout(check.check(context), check.timeoutMs ?? timeout, `health check "${check.name}"`);
              checks[check.name] = { status: result.status, ...(result.details ? { details: result.details } : {}) };
            } catch (error) {
              checks[check.name] = { status: 'down', error: (error as Error).message };
            }
          }),
        );
        const status = Object.values(checks).every((c) => c.status === 'up') ? 'up' : 'down';
        return [name, { state: runtime.state, critical: runtime.critical, status, checks }];
      }),
    );
    return Object.fromEntries(entries);
  }
}
