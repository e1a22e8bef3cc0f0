import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const root = join(__dirname, '..', '..');

interface Run {
  readonly child: ChildProcessWithoutNullStreams;
  readonly adminUrl: string;
  stop(): Promise<void>;
}

/** A test run's global setup in a process of its own, with no TEST_DATABASE_ADMIN_URL. */
function startRun(): Promise<Run> {
  const env = { ...process.env };
  delete env.TEST_DATABASE_ADMIN_URL;
  delete env.TESSERA_TEST_ADMIN_URL;
  delete env.TEST_EMBEDDED_POSTGRES_PORT;
  const child = spawn(process.execPath, ['--conditions=development', '-r', '@swc-node/register', 'test/support/test-services-process.ts'], { cwd: root, env });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const stop = async () => {
    child.stdin.write('stop\n');
    const code = await exited;
    if (code !== 0 || !output.includes('stopped')) throw new Error(`teardown failed (${code}):\n${output}`);
  };
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    // Settles once: with the admin URL as soon as it is printed, or with the output if the process exits first.
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /admin-url:(\S+)/.exec(output);
      if (match) resolve({ child, adminUrl: match[1]!, stop });
    });
    void exited.then((code) => reject(new Error(`the test-services process exited with ${code}:\n${output}`)));
  });
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
  } catch {
    // (end() on a client that never connected can wait forever)
    return false;
  }
  try {
    await client.query('SELECT 1');
    return true;
  } finally {
    await client.end();
  }
}

const clusters = () => readdirSync(tmpdir()).filter((entry) => entry.startsWith('tessera-test-postgres-'));

describe('embedded PostgreSQL for test runs without TEST_DATABASE_ADMIN_URL', () => {
  jest.setTimeout(180_000);

  it('gives parallel runs servers of their own: one run ending never stops another', async () => {
    const [first, second] = await Promise.all([startRun(), startRun()]);
    try {
      expect(new URL(first.adminUrl).port).not.toBe(new URL(second.adminUrl).port);
      expect(await answers(first.adminUrl)).toBe(true);
      expect(await answers(second.adminUrl)).toBe(true);

      await first.stop();
      expect(await answers(first.adminUrl)).toBe(false);
      expect(await answers(second.adminUrl)).toBe(true);
    } finally {
      first.child.kill();
      await second.stop();
    }
    expect(await answers(second.adminUrl)).toBe(false);
  });

  it('deletes its cluster at teardown', async () => {
    const run = await startRun();
    const mine = clusters().filter((entry) => entry.startsWith(`tessera-test-postgres-${run.child.pid}-`));
    expect(mine.length).toBeGreaterThan(0);
    await run.stop();
    for (const entry of mine) expect(existsSync(join(tmpdir(), entry))).toBe(false);
  });
});
