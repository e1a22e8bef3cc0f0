import { randomBytes } from 'node:crypto';
import { bullPrefix, deadLetterQueueName } from '@tessera/jobs';
import { TenantsService, type PlatformPorts } from '@tessera/kernel';
import type { ModuleDefinition } from '@tessera/module-sdk';
import { startTestPlatform, testServices, type TestPlatform } from '@tessera/module-sdk/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { withCredentials, withPgClient } from '@tessera/persistence';
import { demoAuthModule, demoJobsModule, demoUpstreamDownKey } from './demo-modules';

/** An API platform and a separate worker platform on the same database and Redis prefix. */
export interface JobPlatforms {
  readonly api: TestPlatform;
  readonly worker: TestPlatform | undefined;
  /** Creates a tenant (jobs of tenants reference the tenants table). */
  tenant(): Promise<string>;
  /** Runs SQL as the database superuser (past row-level security), to check what handlers wrote. */
  sql<T>(query: string, params?: unknown[]): Promise<T[]>;
  /** A plain BullMQ view of a declared queue (or of its dead letters), to look at what the platform did. */
  queue(name: string, deadLetters?: boolean): Queue;
  /** Marks the demo upstream `upstream` down or up: flaky jobs with `failWhileDown: upstream` fail while it is down. */
  setUpstream(upstream: string, state: 'down' | 'up'): Promise<void>;
  /** Starts (another) worker platform on the same database and prefix; closed with the rest. */
  startWorker(env?: Record<string, string>): Promise<TestPlatform>;
  close(): Promise<void>;
}

/**
 * Boots the demo job modules as production runs them: apps/api (no processors) and apps/worker, as two
 * platforms sharing the database and the Redis prefix. `worker: false` boots the API alone.
 */
export async function startJobPlatforms(options: {
  modules?: readonly ModuleDefinition[];
  env?: Record<string, string>;
  workerEnv?: Record<string, string>;
  ports?: PlatformPorts;
  worker?: boolean;
}): Promise<JobPlatforms> {
  const modules = options.modules ?? [demoAuthModule, demoJobsModule];
  const env = { JOBS_STALLED_INTERVAL_MS: '1000', ...options.env };
  const api = await startTestPlatform({ modules, env, ports: options.ports });
  let worker: TestPlatform | undefined;
  try {
    if (options.worker !== false) {
      worker = await startTestPlatform({
        modules,
        env: { ...env, ...options.workerEnv },
        ports: options.ports,
        role: 'worker',
        database: api.database,
        redisPrefix: api.redisPrefix,
      });
    }
  } catch (error) {
    await api.close();
    throw error;
  }
  const adminUrl = withCredentials(api.database.adminUrl, { database: api.database.name });
  const connection = new Redis(testServices().redisUrl, { maxRetriesPerRequest: null });
  const queues = new Map<string, Queue>();
  const extraWorkers: TestPlatform[] = [];
  return {
    api,
    worker,
    async tenant() {
      const tenant = await api.platform.app.get(TenantsService).create({ slug: `t-${randomBytes(6).toString('hex')}`, name: 'Tenant' });
      return tenant.id;
    },
    sql: <T>(query: string, params: unknown[] = []) => withPgClient(adminUrl, async (client) => (await client.query(query, params)).rows as T[]),
    queue(name, deadLetters = false) {
      const bullName = deadLetters ? deadLetterQueueName(name) : name;
      let queue = queues.get(bullName);
      if (!queue) {
        queue = new Queue(bullName, { connection, prefix: bullPrefix(api.redisPrefix, bullName) });
        queues.set(bullName, queue);
      }
      return queue;
    },
    async setUpstream(upstream, state) {
      const key = demoUpstreamDownKey(api.redisPrefix, upstream);
      if (state === 'down') await connection.set(key, '1');
      else await connection.del(key);
    },
    async startWorker(extraEnv = {}) {
      const started = await startTestPlatform({
        modules,
        env: { ...env, ...options.workerEnv, ...extraEnv },
        ports: options.ports,
        role: 'worker',
        database: api.database,
        redisPrefix: api.redisPrefix,
      });
      extraWorkers.push(started);
      return started;
    },
    async close() {
      await Promise.all([...queues.values()].map((queue) => queue.close()));
      connection.disconnect();
      for (const extra of extraWorkers) await extra.close();
      await worker?.close();
      await api.close();
    },
  };
}
