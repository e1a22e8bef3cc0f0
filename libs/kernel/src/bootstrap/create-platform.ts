import type { Server } from 'node:http';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { readEnvironment, type ResolvedConfig } from '@tessera/config';
import { FlagsRuntime } from '@tessera/flags';
import type { ModuleDefinition } from '@tessera/module-sdk';
import type { Redis } from 'ioredis';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { ReadinessService } from '../health/readiness.service';
import { AuthenticatorRef } from '../http/authenticator-ref';
import { bodyParsers } from '../http/body-parsers';
import { applyHttpHardening } from '../http/http-hardening';
import { requestContextMiddleware } from '../http/request-context.middleware';
import { bootModules, shutdownModules } from '../lifecycle/module-lifecycle';
import { createLogger } from '../logging/create-logger';
import { moduleLogger } from '../logging/module-logger';
import { httpMetricsMiddleware } from '../metrics/http-metrics.middleware';
import { MetricsRegistry } from '../metrics/metrics.registry';
import { setupOpenApi } from '../openapi/setup-openapi';
import { API_PREFIX, UNPREFIXED_PATHS, type RouteDescription } from '../registry/check-route-access';
import { composeNestModules } from '../registry/compose-nest-modules';
import { moduleProviders } from '../registry/module-providers';
import { ModuleContexts } from '../registry/module-contexts';
import { ModuleRegistry } from '../registry/module-registry';
import { createRedis } from '../redis/create-redis';
import { moduleRedis } from '../redis/module-redis';
import { Tenant } from '../tenancy/tenant.entity';
import type { ModuleEnablement } from '../tenancy/module-enablement';
import { createJobsRuntime, jobsPorts } from '../jobs/jobs-wiring';
import type { JobsRuntime } from '@tessera/jobs';
import { assertIsolationHolds, migrate, migrationPlan, openDatabase, type DatabaseHandle } from './open-database';
import { platformCoreModule } from './platform-core.module';
import { PlatformSettings } from './platform-settings';
import { prepareModules } from './prepare-modules';
import { buildRootModule } from './root-module';

export type PlatformRole = 'api' | 'worker' | 'cli';

export interface PlatformOptions {
  /** `api` serves HTTP; `worker` runs the same registry without routes; `cli` is for one-off commands. */
  readonly role: PlatformRole;
  /** The built-in modules; third-party ones come from the MODULES setting. */
  readonly modules: readonly ModuleDefinition[];
  /** Defaults to the process environment over `.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  readonly logger?: Logger;
  /**
   * Replaces platform ports with your own implementations (tests, embedders). `moduleEnablement` is
   * what routes (403 MODULE_DISABLED) and jobs (dead-lettered MODULE_DISABLED) consult per tenant.
   */
  readonly ports?: PlatformPorts;
}

/** Platform ports that can be replaced when creating a platform. */
export interface PlatformPorts {
  readonly moduleEnablement?: ModuleEnablement;
}

/** A booted platform instance. */
export interface Platform {
  readonly role: PlatformRole;
  readonly app: INestApplication | INestApplicationContext;
  readonly registry: ModuleRegistry;
  readonly config: ResolvedConfig;
  readonly logger: Logger;
  readonly database: DatabaseHandle;
  /** Every route the platform serves (kernel and modules), with its owner and access marker. */
  readonly routes: readonly RouteDescription[];
  /** The job layer: queues, processors, schedules, outbox. */
  readonly jobs: JobsRuntime;
  /** Graceful shutdown: readiness goes down, HTTP stops accepting, modules stop in reverse order. */
  close(signal?: string): Promise<void>;
}

function isHttpApp(app: INestApplication | INestApplicationContext): app is INestApplication {
  return 'getHttpServer' in app;
}

/**
 * Boots one platform instance: validates modules and configuration, prepares the database (embedded
 * when none is configured), applies migrations, checks that tenant isolation holds, builds the Nest
 * application and runs every module's boot hook in dependency order.
 */
export async function createPlatform(options: PlatformOptions): Promise<Platform> {
  const env = options.env ?? readEnvironment({ cwd: options.cwd });
  const cwd = options.cwd ?? process.cwd();
  const prepared = prepareModules(options.modules, env, cwd);
  const { config, order } = prepared;
  const logger = options.logger ?? createLogger({ level: config.platform.LOG_LEVEL });
  for (const warning of config.warnings) logger.warn(warning);

  const database = await openDatabase(config.platform, cwd, logger);
  let redis: Redis | undefined;
  let app: INestApplication | INestApplicationContext | undefined;
  let jobs: JobsRuntime | undefined;
  try {
    if (config.platform.MIGRATE_ON_BOOT) {
      await migrate(database, migrationPlan(order), logger);
    }
    await assertIsolationHolds(database);

    const registry = new ModuleRegistry(order);
    const settings = new PlatformSettings(config);
    const loggerOf = (name: string) => moduleLogger(logger, name);
    const moduleContexts = new ModuleContexts((name) => settings.moduleConfig(name), loggerOf);
    const authenticatorRef = new AuthenticatorRef();
    const metrics = new MetricsRegistry(options.role);
    redis = createRedis(config.platform.REDIS_URL, logger, `tessera-${options.role}`);
    jobs = createJobsRuntime({ role: options.role, config, order, metrics, logger });
    const platformCore = platformCoreModule({ registry, settings, logger, redis, contexts: moduleContexts, authenticatorRef, metrics, jobs, ports: options.ports });
    const composed = composeNestModules(
      order,
      platformCore,
      moduleProviders({ configOf: (name) => settings.moduleConfig(name), loggerOf, redisOf: moduleRedis(redis, config.platform.REDIS_PREFIX), jobs }),
    );
    for (const [controller, owner] of composed.controllerOwners) registry.registerController(controller, owner);

    const root = buildRootModule({
      role: options.role,
      logger,
      database: { url: database.appUrl, poolSize: config.platform.DATABASE_POOL_SIZE },
      entities: [Tenant, ...order.flatMap(({ definition }) => definition.entities ?? [])],
      platformCore,
      modules: composed.imports,
    });
    app = options.role === 'api'
      ? await NestFactory.create(root, { bufferLogs: true, bodyParser: false, abortOnError: false })
      : await NestFactory.createApplicationContext(root, { bufferLogs: true, abortOnError: false });
    app.useLogger(app.get(PinoNestLogger));

    if (isHttpApp(app)) {
      app.use(requestContextMiddleware);
      applyHttpHardening(app, { corsOrigins: config.platform.CORS_ORIGINS, trustProxy: config.platform.TRUST_PROXY });
      app.use(httpMetricsMiddleware(metrics));
      for (const parser of bodyParsers(config.platform.BODY_LIMIT)) app.use(parser);
      jobs.mountDashboard(app);
      app.setGlobalPrefix(API_PREFIX, { exclude: [...UNPREFIXED_PATHS] });
      if (config.platform.DOCS_ENABLED) setupOpenApi(app);
    }
    await app.init();
    moduleContexts.attach(app, composed.byName);
    jobs.attach(jobsPorts(app, registry, moduleContexts));

    const authenticating = order.find(({ definition }) => definition.authenticator);
    if (authenticating) {
      const authenticator = moduleContexts.of(registry.get(authenticating.definition.name)!).get(authenticating.definition.authenticator!);
      authenticatorRef.set(authenticator, authenticating.definition.name);
    }
    const entitling = order.find(({ definition }) => definition.planEntitlements);
    if (entitling) {
      const source = moduleContexts.of(registry.get(entitling.definition.name)!).get(entitling.definition.planEntitlements!);
      app.get(FlagsRuntime).useEntitlementSource(source);
    }
    await bootModules(registry, (runtime) => moduleContexts.of(runtime), { timeoutMs: config.platform.MODULE_BOOT_TIMEOUT_MS, logger });
    // Jobs run only once every module has booted (and stop before any shuts down).
    await jobs.start();
    logger.info({ role: options.role, modules: order.map(({ definition }) => definition.name) }, 'platform booted');

    return platformHandle({ role: options.role, app, registry, config, logger, database, redis, moduleContexts, jobs, routes: prepared.routes });
  } catch (error) {
    await jobs?.close().catch(() => undefined);
    await app?.close().catch(() => undefined);
    redis?.disconnect();
    await database.embedded?.stop().catch(() => undefined);
    throw error;
  }
}

function platformHandle(parts: {
  role: PlatformRole;
  app: INestApplication | INestApplicationContext;
  registry: ModuleRegistry;
  config: ResolvedConfig;
  logger: Logger;
  database: DatabaseHandle;
  redis: Redis;
  moduleContexts: ModuleContexts;
  jobs: JobsRuntime;
  routes: readonly RouteDescription[];
}): Platform {
  const { role, app, registry, config, logger, database, redis, moduleContexts, jobs, routes } = parts;
  let closing: Promise<void> | undefined;
  const close = (signal?: string): Promise<void> => {
    closing ??= (async () => {
      logger.info({ signal }, 'shutting down');
      app.get(ReadinessService).markShuttingDown();
      if (isHttpApp(app)) {
        const server = app.getHttpServer() as Server;
        if (server.listening) {
          server.close();
          server.closeIdleConnections();
        }
      }
      // Workers stop taking jobs, then finish or release the running ones, before any module stops.
      const started = performance.now();
      await jobs.stopProcessing(Math.floor(config.platform.SHUTDOWN_TIMEOUT_MS * 0.4));
      await shutdownModules(registry, (runtime) => moduleContexts.of(runtime), {
        // Modules get most of the bound; the rest is for closing connections before the hard exit.
        budgetMs: Math.max(1, Math.floor(config.platform.SHUTDOWN_TIMEOUT_MS * 0.6 - (performance.now() - started))),
        logger,
      });
      await jobs.close();
      await app.close();
      await redis.quit().catch(() => redis.disconnect());
      await database.embedded?.stop();
      logger.info('shut down');
    })();
    return closing;
  };
  return { role, app, registry, config, logger, database, routes, jobs, close };
}
