import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { testServices, type TestDatabase } from '@tessera/module-sdk/testing';

const root = join(__dirname, '..', '..');

/**
 * Starts test/support/platform-process.ts (the real API with the probe modules) on `db` and the test Redis,
 * on a free port, with `env` on top (PROBE_FAIL_ON, PROBE_HANG_ON, SHUTDOWN_TIMEOUT_MS).
 */
export function spawnPlatformProcess(db: TestDatabase, env: Record<string, string>): ChildProcessByStdio<null, Readable, Readable> {
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
