import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { testServices, type TestDatabase } from '@tessera/module-sdk/testing';

const root = join(__dirname, '..', '..');

type PlatformChild = ChildProcessByStdio<null, Readable, Readable>;

/**
 * Starts test/support/platform-process.ts (the real API with the probe modules) on `db` and the test Redis,
 * on a free port, with `env` on top (PROBE_FAIL_ON, PROBE_HANG_ON, SHUTDOWN_TIMEOUT_MS).
 */
export function spawnPlatformProcess(db: TestDatabase, env: Record<string, string>): PlatformChild {
  return spawn(process.execPath, ['--conditions=development', '-r', '@swc-node/register', 'test/support/platform-process.ts'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DATABASE_URL: db.appUrl,
      DATABASE_MIGRATION_URL: db.migrationUrl,
      REDIS_URL: testServices().redisUrl,
      DOCS_ENABLED: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** What a platform process printed until it exited. */
export interface PlatformExit {
  readonly code: number | null;
  /** The probes' lifecycle events (`boot:probe-base`, `stop:probe-app`), in the order printed. */
  readonly events: string[];
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the platform process to its exit and collects what it printed. `onLine` sees each complete stdout line
 * as it arrives (to send the process a signal once it listens); the run fails if the process has not exited
 * after 45 s.
 */
export function runPlatformProcess(db: TestDatabase, env: Record<string, string>, onLine?: (line: string, child: PlatformChild) => void): Promise<PlatformExit> {
  return new Promise((resolve, reject) => {
    const child = spawnPlatformProcess(db, env);
    const events: string[] = [];
    let stdout = '';
    let stderr = '';
    let partial = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the platform process did not exit:\n${stdout}\n${stderr}`));
    }, 45_000);
    const see = (line: string) => {
      if (line.startsWith('event:')) events.push(line.slice('event:'.length));
      onLine?.(line, child);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop()!;
      lines.forEach(see);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // 'close', not 'exit': by then every byte the process printed has been read.
    child.on('close', (code) => {
      clearTimeout(timer);
      if (partial) see(partial);
      resolve({ code, events, stdout, stderr });
    });
  });
}
