import { createTestDatabase, type TestDatabase } from '@tessera/module-sdk/testing';
import { runPlatformProcess } from '../support/spawn-platform-process';

/** Starts the API in a child process, sends SIGTERM once it listens, and collects what it printed until it exits. */
async function runUntilSigterm(db: TestDatabase, env: Record<string, string>) {
  let sentAt = 0;
  const run = await runPlatformProcess(db, env, (line, child) => {
    if (line.includes('"api listening"') && !sentAt) {
      sentAt = Date.now();
      child.kill('SIGTERM');
    }
  });
  return { ...run, shutdownMs: Date.now() - sentAt };
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
