import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '@tessera/persistence/embedded';

/**
 * Where the harness finds PostgreSQL and Redis.
 *
 * @example
 * ```ts
 * const { adminUrl, redisUrl }: TestServices = testServices();
 * ```
 */
export interface TestServices {
  /** A superuser URL; the harness creates a database and roles per test platform with it. */
  readonly adminUrl: string;
  readonly redisUrl: string;
}

const ADMIN_URL_VARIABLE = 'TESSERA_TEST_ADMIN_URL';
const RUN_DIR_PREFIX = 'tessera-test-postgres-';
let embedded: EmbeddedDatabase | undefined;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Clusters left by runs that were killed before their teardown (their process is gone). */
function removeAbandonedClusters(): void {
  for (const entry of readdirSync(tmpdir())) {
    const pid = Number(/^tessera-test-postgres-(\d+)-/.exec(entry)?.[1]);
    if (pid && !isAlive(pid)) rmSync(join(tmpdir(), entry), { recursive: true, force: true });
  }
}

/**
 * Jest `globalSetup` for module test suites. Uses TEST_DATABASE_ADMIN_URL when set; otherwise starts an
 * embedded PostgreSQL for the run, so tests need no PostgreSQL installed: a cluster of its own (a fresh data
 * directory in the OS temp directory, on a free port unless TEST_EMBEDDED_POSTGRES_PORT says otherwise),
 * deleted by the teardown, so parallel runs (two worktrees, two CI jobs) never share or stop each other's
 * server. Redis is required: TEST_REDIS_URL, default redis://127.0.0.1:6379.
 *
 * @example
 * ```js
 * // jest.config.js
 * module.exports = { globalSetup: './test/global-setup.ts', globalTeardown: './test/global-teardown.ts' };
 * // test/global-setup.ts
 * export { setupTestServices as default } from '@tessera/module-sdk/testing/setup';
 * ```
 */
export async function setupTestServices(): Promise<void> {
  let adminUrl = process.env.TEST_DATABASE_ADMIN_URL;
  if (!adminUrl) {
    removeAbandonedClusters();
    embedded = await startEmbeddedDatabase({
      dataDir: join(tmpdir(), `${RUN_DIR_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`),
      port: Number(process.env.TEST_EMBEDDED_POSTGRES_PORT ?? 0),
      ephemeral: true,
    });
    adminUrl = embedded.adminUrl;
    process.stdout.write(`\nTests use an embedded PostgreSQL (TEST_DATABASE_ADMIN_URL is not set).\n`);
  }
  process.env[ADMIN_URL_VARIABLE] = adminUrl;
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(`Tests need Redis at ${redisUrl} (set TEST_REDIS_URL): ${(error as Error).message}`);
  } finally {
    redis.disconnect();
  }
}

/**
 * Jest `globalTeardown`: stops the embedded PostgreSQL if the setup started one, and deletes its cluster.
 *
 * @example
 * ```ts
 * // test/global-teardown.ts
 * export { teardownTestServices as default } from '@tessera/module-sdk/testing/setup';
 * ```
 */
export async function teardownTestServices(): Promise<void> {
  await embedded?.stop();
  embedded = undefined;
}

/**
 * The services a test platform uses; fails with a fix when the global setup did not run.
 *
 * @example
 * ```ts
 * const redis = new Redis(testServices().redisUrl);
 * ```
 */
export function testServices(): TestServices {
  const adminUrl = process.env[ADMIN_URL_VARIABLE] ?? process.env.TEST_DATABASE_ADMIN_URL;
  if (!adminUrl) {
    throw new Error(
      'No test PostgreSQL: set TEST_DATABASE_ADMIN_URL, or use setupTestServices from @tessera/module-sdk/testing as jest globalSetup.',
    );
  }
  return { adminUrl, redisUrl: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379' };
}
