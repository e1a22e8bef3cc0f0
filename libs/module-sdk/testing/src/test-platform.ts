import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { createPlatform, type Platform, type PlatformOptions, type PlatformPorts } from '@tessera/kernel';
import { Redis } from 'ioredis';
import supertest from 'supertest';
import type { ModuleDefinition } from '@tessera/module-sdk';
import { createTestDatabase, type TestDatabase } from './test-database';
import { testServices } from './test-services';

/**
 * How to boot a {@link TestPlatform}.
 *
 * @example
 * ```ts
 * const options: TestPlatformOptions = { modules: [ticketsModule], env: { TICKETS_SLA_HOURS: '8' } };
 * ```
 */
export interface TestPlatformOptions {
  /** The modules to boot (the module under test and the modules it depends on). */
  readonly modules: readonly ModuleDefinition[];
  /** Extra settings, as environment variables (module settings use the module prefix). */
  readonly env?: Readonly<Record<string, string>>;
  /** `api` (default) or `worker`. */
  readonly role?: 'api' | 'worker';
  /** Reuse a database (e.g. a second instance against the same data); by default a fresh one. */
  readonly database?: TestDatabase;
  /** Reuse a Redis key prefix (e.g. a second instance that must see the first one's messages). */
  readonly redisPrefix?: string;
  /** Directory third-party MODULES are resolved from; defaults to the current directory. */
  readonly cwd?: string;
  /** A pino logger to capture the platform's log lines (by default they are silenced). */
  readonly logger?: PlatformOptions['logger'];
  /**
   * Replaces platform ports, e.g. `{ moduleEnablement: { isEnabled: (tenantId, module) => ... } }` to
   * switch a module off for one tenant (routes answer 403 MODULE_DISABLED, jobs are refused).
   */
  readonly ports?: PlatformPorts;
}

/**
 * A platform booted for a test, with its own database and Redis key prefix.
 *
 * @example
 * ```ts
 * const t: TestPlatform = await startTestPlatform({ modules: [ticketsModule] });
 * await t.http().get('/health/live').expect(200);
 * await t.close();
 * ```
 */
export interface TestPlatform {
  readonly platform: Platform;
  readonly database: TestDatabase;
  readonly redisPrefix: string;
  /** A supertest agent against the API (api role only). */
  http(): supertest.Agent;
  /** Shuts the platform down, drops the database (unless it was passed in) and deletes its Redis keys. */
  close(): Promise<void>;
}

async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/**
 * Boots a real platform (real PostgreSQL, real Redis, the real HTTP pipeline) with only the given
 * modules: the module integration harness. Migrations run; the application connects as a role that
 * cannot bypass row-level security.
 *
 * @example
 * ```ts
 * let t: TestPlatform;
 * beforeAll(async () => { t = await startTestPlatform({ modules: [ticketsModule, contactsModule] }); });
 * afterAll(() => t.close());
 * it('answers', () => t.http().get('/health/ready').expect(200));
 * ```
 */
export async function startTestPlatform(options: TestPlatformOptions): Promise<TestPlatform> {
  const services = testServices();
  const database = options.database ?? (await createTestDatabase());
  const redisPrefix = options.redisPrefix ?? `t-${randomBytes(5).toString('hex')}`;
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: database.appUrl,
    DATABASE_MIGRATION_URL: database.migrationUrl,
    DATABASE_POOL_SIZE: '4',
    REDIS_URL: services.redisUrl,
    REDIS_PREFIX: redisPrefix,
    SHUTDOWN_TIMEOUT_MS: '5000',
    ...options.env,
  };
  let platform: Platform;
  try {
    platform = await createPlatform({
      role: options.role ?? 'api',
      modules: options.modules,
      env,
      cwd: options.cwd,
      logger: options.logger,
      ports: options.ports,
    });
  } catch (error) {
    if (!options.database) await database.drop().catch(() => undefined);
    throw error;
  }
  return {
    platform,
    database,
    redisPrefix,
    http: () => supertest.agent((platform.app as INestApplication).getHttpServer()),
    async close() {
      await platform.close('test');
      if (!options.database) await database.drop();
      if (!options.redisPrefix) await deleteRedisKeys(services.redisUrl, redisPrefix);
    },
  };
}
