import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createTestDatabase, testServices, type TestDatabase } from '@tessera/module-sdk/testing';

const root = join(__dirname, '..', '..');

interface Run {
  readonly events: string[];
  readonly code: number | null;
  readonly shutdownMs: number;
}

/** Starts the API in a child process, waits until it listens, sends SIGTERM, and collects what it printed. */
function runUntilSigterm(db: TestDatabase, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=development', '-r', '@swc-node/register', 'test/support/platform-process.ts'], {
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
    const events: string[] = [];
    let output = '';
    let sentAt = 0;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the platform process did not finish:\n${output}`));
    }, 45_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      for (const line of chunk.toString().split('\n')) {
        if (line.startsWith('event:')) events.push(line.slice('event:'.length));
        if (line.includes('"api listening"') && !sentAt) {
          sentAt = Date.now();
          child.kill('SIGTERM');
        }
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ events, code, shutdownMs: Date.now() - sentAt });
    });
  });
}

describe('a real API process receiving SIGTERM', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('stops modules in reverse boot order and exits 0', async () => {
    const run = await runUntilSigterm(db, {});
    expect(run.events).toEqual([
      'boot:probe-base',
      'boot:probe-left',
      'boot:probe-right',
      'boot:probe-app',
      'stop:probe-app',
      'stop:probe-right',
      'stop:probe-left',
      'stop:probe-base',
    ]);
    expect(run.code).toBe(0);
  });

  it('bounds the shutdown when a module hangs, still stopping the others', async () => {
    const run = await runUntilSigterm(db, { PROBE_HANG_ON: 'probe-right', SHUTDOWN_TIMEOUT_MS: '2000' });
    expect(run.events.filter((e) => e.startsWith('stop:'))).toEqual(['stop:probe-app', 'stop:probe-right', 'stop:probe-left', 'stop:probe-base']);
    expect(run.shutdownMs).toBeLessThan(2000 + 1500);
    expect(run.code).toBe(0);
  });
});
