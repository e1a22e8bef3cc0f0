import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { readEnvironment } from '@tessera/config';
import type { Redis } from 'ioredis';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { AuthenticatorRef } from '../http/authenticator-ref';
import { bootModules, shutdownModules } from '../lifecycle/module-lifecycle';
import { createLogger } from '../logging/create-logger';
import { moduleLogger } from '../logging/module-logger';
import { MetricsRegistry } from '../metrics/metrics.registry';
import { composeNestModules } from '../registry/compose-nest-modules';
import { moduleProviders } from '../registry/module-providers';
import { ModuleContexts } from '../registry/module-contexts';
import { ModuleRegistry } from '../registry/module-registry';
import { createRedis } from '../redis/create-redis';
import { moduleRedis } from '../redis/module-redis';
import { Tenant } from '../tenancy/tenant.entity';
import { createJobsRuntime, jobsPorts } from '../jobs/jobs-wiring';
import type { JobsRuntime } from '@tessera/jobs';
import type { SearchRuntime } from '@tessera/search';
import { createSearchRuntime } from '../search/search-wiring';
import { assertIsolationHolds, assertMigrated, migrate, migrationPlan, openDatabase } from './open-database';
import { platformCoreModule } from './platform-core.module';
import { PlatformSettings } from './platform-settings';
import { platformConfigModule } from './platform-configuration';
import { prepareModules } from './prepare-modules';
import { buildRootModule } from './root-module';
import { configureHttp, isHttpApp } from './configure-http';
import { connectModulePorts } from './connect-module-ports';
import { platformHandle } from './platform-handle';
import type { Platform, PlatformOptions } from './platform.types';

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
  const registry = new ModuleRegistry(order);
  const settings = new PlatformSettings(config);
  const loggerOf = (name: string) => moduleLogger(logger, name);
  const moduleContexts = new ModuleContexts((name) => settings.moduleConfig(name), loggerOf);

  const database = await openDatabase(config.platform, cwd, logger);
  let redis: Redis | undefined;
  let app: INestApplication | INestApplicationContext | undefined;
  let jobs: JobsRuntime | undefined;
  let search: SearchRuntime | undefined;
  try {
    if (config.platform.MIGRATE_ON_BOOT) {
      await migrate(database, migrationPlan(order), logger);
    } else {
      await assertMigrated(database, migrationPlan(order));
    }
    await assertIsolationHolds(database);

    const authenticatorRef = new AuthenticatorRef();
    const metrics = new MetricsRegistry(options.role);
    redis = createRedis(config.platform.REDIS_URL, logger, `tessera-${options.role}`);
    jobs = createJobsRuntime({ role: options.role, config, order, platformOwners: prepared.platformJobOwners, metrics, logger });
    search = createSearchRuntime({ config, order, logger });
    const configModule = await platformConfigModule(config);
    const platformCore = platformCoreModule({ registry, settings, configModule, logger, redis, contexts: moduleContexts, authenticatorRef, metrics, jobs, search, ports: options.ports });
    const composed = composeNestModules(
      order,
      platformCore,
      moduleProviders({ configOf: (name) => settings.moduleConfig(name), loggerOf, redisOf: moduleRedis(redis, config.platform.REDIS_PREFIX), jobs, search }),
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

    if (isHttpApp(app)) configureHttp(app, { platform: config.platform, metrics, jobs, logger });
    await app.init();
    moduleContexts.attach(app, composed.byName);
    jobs.attach(jobsPorts(app, registry, moduleContexts, prepared.platformJobOwners));

    connectModulePorts({ app, registry, contexts: moduleContexts, authenticatorRef });
    await bootModules(registry, (runtime) => moduleContexts.of(runtime), { timeoutMs: config.platform.MODULE_BOOT_TIMEOUT_MS, logger });
    // Jobs run only once every module has booted (and stop before any shuts down).
    await jobs.start();
    logger.info({ role: options.role, modules: order.map(({ definition }) => definition.name) }, 'platform booted');

    return platformHandle({ role: options.role, app, registry, config, logger, database, redis, moduleContexts, jobs, search, routes: prepared.routes });
  } catch (error) {
    // A critical module failed (or a later step): the modules that did boot stop in reverse order, as on
    // SIGTERM, so what their onBoot opened is released before the process exits. Only running modules have
    // an onShutdown to run, so this does nothing when the failure came before bootModules.
    await shutdownModules(registry, (runtime) => moduleContexts.of(runtime), { budgetMs: Math.floor(config.platform.SHUTDOWN_TIMEOUT_MS * 0.6), logger }).catch(() => undefined);
    await jobs?.close().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await search?.close().catch(() => undefined);
    redis?.disconnect();
    await database.embedded?.stop().catch(() => undefined);
    throw error;
  }
}
