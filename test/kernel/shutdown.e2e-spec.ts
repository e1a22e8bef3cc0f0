import { createTestDatabase, type TestDatabase } from '@tessera/module-sdk/testing';
import { spawnPlatformProcess } from '../support/spawn-platform-process';

interface Run {
  readonly events: string[];
  readonly code: number | null;
  readonly shutdownMs: number;
}

/** Starts the API in a child process, waits until it listens, sends SIGTERM, and collects what it printed. */
function runUntilSigterm(db: TestDatabase, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawnPlatformProcess(db, env);
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
