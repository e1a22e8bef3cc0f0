/**
 * Starts bench servers in child processes, from compiled code (the platform's `npm run build` output and
 * the bench's server files compiled next to it), so that what runs is what `npm start` runs: no TypeScript
 * loader in the process (it alone adds ~90 MB of RSS and ~20 MB of heap), and no load generator sharing its
 * event loop. Every server, platform or bare, runs the same way: same Node flags, NODE_ENV=production,
 * stdout to /dev/null, one process each.
 */
import { spawnSync, fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { transformFileSync } from '@swc/core';
import { createTestDatabase, testServices, type TestDatabase } from '@tessera/module-sdk/testing';
import { Redis } from 'ioredis';
import { OUT_DIR } from './bench-result';
import type { ServerReply, ServerRequest } from './server-process';
import type { HttpTarget } from './servers/server-contract';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const ROOT = join(__dirname, '..', '..');
const BUILD_DIR = join(OUT_DIR, 'build');

/** How to start one bench server. */
export interface ServerSpec {
  /** Shown in reports, e.g. `platform` or `bare Express`. */
  readonly label: string;
  /** The server file under bench/lib/servers, without extension, e.g. `bare-express.server`. */
  readonly file: string;
  /** The name of the `ServerFactory` it exports. */
  readonly factory: string;
  /** Passed to the factory as JSON. */
  readonly options?: Readonly<Record<string, unknown>>;
  /**
   * For platform hosts: `true` for a fresh database (the host migrates it at boot, the bench drops it
   * after), or an existing one to boot against (a restart: nothing left to migrate; kept after). Either
   * way the host gets its own Redis prefix and the bench's platform settings (`PLATFORM_BENCH_ENV`).
   */
  readonly database?: true | TestDatabase;
  /** Extra environment of the server process. */
  readonly env?: Readonly<Record<string, string>>;
}

/** The settings every platform host of the benches runs with: production defaults, plus what a load needs. */
export const PLATFORM_BENCH_ENV: Readonly<Record<string, string>> = {
  LOG_LEVEL: 'info', // the production default: one access-log line per request (to /dev/null here)
  DATABASE_POOL_SIZE: '10', // the default, said out loud
  AUTH_KEY_ENCRYPTION_SECRET: 'bench-secret-bench-secret-bench-secret-000000',
  AUTH_ACCESS_TOKEN_TTL_SECONDS: '3600', // one token lasts the whole area
  // Limits at their maximum: the counters still run (one Redis script per tier per request), nobody gets a 429.
  AUTH_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000',
  AUTH_RATE_LIMIT_PRINCIPAL_PER_MINUTE: '1000000',
  AUTH_RATE_LIMIT_TENANT_PER_MINUTE: '10000000',
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

let built = false;

/**
 * `npm run build` (incremental: about a second when nothing changed), then bench/lib compiled with swc to
 * bench/.out/build, where `@tessera/*` imports resolve to the packages' dist (no development condition).
 */
export function buildServers(): void {
  if (built) return;
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status}): the bench servers run the built platform.`);
  // All of bench/lib (a few ms): the child loads only server-process.js and what it imports.
  for (const source of filesUnder(__dirname)) {
    const { code } = transformFileSync(source, {
      swcrc: false,
      module: { type: 'commonjs' },
      jsc: {
        target: 'es2022',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        keepClassNames: true, // as the jest config: Nest and the registry read class names
      },
    });
    const target = join(BUILD_DIR, relative(__dirname, source)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, code);
  }
  built = true;
}

async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(testServices().redisUrl, { maxRetriesPerRequest: 1 });
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

/** A running bench server (a child process). */
export class BenchServer {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (reply: Extract<ServerReply, { type: 'reply' }>) => void; reject: (error: Error) => void }>();

  constructor(
    readonly spec: ServerSpec,
    private readonly child: ChildProcess,
    readonly port: number | undefined,
    readonly targets: Readonly<Record<string, HttpTarget>>,
    /** Process start to ready, measured by the process itself (includes loading the code). */
    readonly bootMs: number,
    private readonly cleanup: () => Promise<void>,
  ) {
    child.on('message', (message: ServerReply) => {
      if (message.type !== 'reply') return;
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) waiting?.reject(new Error(`${spec.label}: ${message.error}`));
      else waiting?.resolve(message);
    });
    child.on('exit', (code) => {
      for (const waiting of this.pending.values()) waiting.reject(new Error(`${spec.label} exited (code ${code})`));
      this.pending.clear();
    });
  }

  get label(): string {
    return this.spec.label;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The URL of one of the server's targets. */
  url(target: string): string {
    if (this.port === undefined || !this.targets[target]) throw new Error(`${this.label} serves no target "${target}" (it has: ${Object.keys(this.targets).join(', ') || 'none'}).`);
    return `http://127.0.0.1:${this.port}${this.targets[target].path}`;
  }

  private request(message: DistributiveOmit<ServerRequest, 'id'>): Promise<Extract<ServerReply, { type: 'reply' }>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ ...message, id });
    });
  }

  /** `process.memoryUsage()` of the server; with `gc`, after a full collection (the processes run with --expose-gc). */
  async memory(options: { gc?: boolean } = {}): Promise<NodeJS.MemoryUsage> {
    return (await this.request({ type: 'memory', gc: options.gc ?? false })).memory!;
  }

  async startProfile(): Promise<void> {
    await this.request({ type: 'profile-start' });
  }

  /** Stops the CPU profile and writes it (a .cpuprofile file, as `node --cpu-prof` writes). */
  async stopProfile(file: string): Promise<void> {
    await this.request({ type: 'profile-stop', file });
  }

  async close(): Promise<void> {
    if (this.child.exitCode === null && this.child.connected) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      await this.request({ type: 'close' }).catch(() => undefined);
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    }
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
    await this.cleanup();
  }
}

/** Starts one server process and waits until it is ready; fails with its error output when it does not start. */
export async function startServer(spec: ServerSpec): Promise<BenchServer> {
  buildServers();
  let database: TestDatabase | undefined;
  const ownDatabase = spec.database === true;
  const redisPrefix = `bench-${randomBytes(4).toString('hex')}`;
  const env: Record<string, string | undefined> = { ...process.env, NODE_ENV: 'production', ...spec.env };
  if (spec.database) {
    database = spec.database === true ? await createTestDatabase() : spec.database;
    Object.assign(env, {
      ...PLATFORM_BENCH_ENV,
      DATABASE_URL: database.appUrl,
      DATABASE_MIGRATION_URL: database.migrationUrl,
      REDIS_URL: testServices().redisUrl,
      REDIS_PREFIX: redisPrefix,
      WORKER_HEALTH_PORT: '0',
      ...spec.env,
    });
  }
  const cleanup = async () => {
    if (!database) return;
    await deleteRedisKeys(redisPrefix).catch(() => undefined);
    if (!ownDatabase) return;
    await database.drop().catch((error: unknown) => console.error(`could not drop ${database!.name}: ${String(error)}`));
  };
  const child = fork(join(BUILD_DIR, 'server-process.js'), [spec.file, spec.factory, JSON.stringify(spec.options ?? {})], {
    cwd: ROOT,
    env,
    execArgv: ['--expose-gc'],
    stdio: ['ignore', process.env.BENCH_SERVER_STDOUT === 'inherit' ? 'inherit' : 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  try {
    const ready = await new Promise<Extract<ServerReply, { type: 'ready' }>>((resolve, reject) => {
      child.on('message', (message: ServerReply) => {
        if (message.type === 'ready') resolve(message);
        if (message.type === 'failed') reject(new Error(`${spec.label} did not start:\n${message.message}\n${stderr}`));
      });
      child.on('exit', (code) => reject(new Error(`${spec.label} exited (code ${code}) before it was ready:\n${stderr}`)));
    });
    return new BenchServer(spec, child, ready.port, ready.targets, ready.bootMs, cleanup);
  } catch (error) {
    child.kill('SIGKILL');
    await cleanup();
    throw error;
  }
}

/** Starts the servers one after another, runs `fn`, and closes them all whatever happens. */
export async function withServers<T>(specs: readonly ServerSpec[], fn: (servers: BenchServer[]) => Promise<T>): Promise<T> {
  const servers: BenchServer[] = [];
  try {
    for (const spec of specs) servers.push(await startServer(spec));
    return await fn(servers);
  } finally {
    for (const server of servers) await server.close();
  }
}
