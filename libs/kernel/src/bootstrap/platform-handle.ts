import type { Server } from 'node:http';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { ResolvedConfig } from '@tessera/config';
import type { JobsRuntime } from '@tessera/jobs';
import type { SearchRuntime } from '@tessera/search';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { ReadinessService } from '../health/readiness.service';
import { shutdownModules } from '../lifecycle/module-lifecycle';
import type { RouteDescription } from '../registry/check-route-access';
import type { ModuleContexts } from '../registry/module-contexts';
import type { ModuleRegistry } from '../registry/module-registry';
import { isHttpApp } from './configure-http';
import type { Platform, PlatformRole } from './platform.types';
import type { DatabaseHandle } from './open-database';

/**
 * The handle of a booted platform, with its graceful shutdown: readiness down, HTTP stops accepting, job
 * processing stops (running jobs finish or are released), modules stop in reverse order, then Nest, the
 * ORM, the Elasticsearch client, Redis and an embedded database close. Bounded by SHUTDOWN_TIMEOUT_MS; idempotent.
 */
export function platformHandle(parts: {
  role: PlatformRole;
  app: INestApplication | INestApplicationContext;
  registry: ModuleRegistry;
  config: ResolvedConfig;
  logger: Logger;
  database: DatabaseHandle;
  redis: Redis;
  moduleContexts: ModuleContexts;
  jobs: JobsRuntime;
  search: SearchRuntime;
  routes: readonly RouteDescription[];
}): Platform {
  const { role, app, registry, config, logger, database, redis, moduleContexts, jobs, search, routes } = parts;
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
      await search.close().catch((error: unknown) => logger.warn({ err: error }, 'closing the Elasticsearch client failed'));
      await redis.quit().catch(() => redis.disconnect());
      await database.embedded?.stop();
      logger.info('shut down');
    })();
    return closing;
  };
  return { role, app, registry, config, logger, database, routes, jobs, close };
}
