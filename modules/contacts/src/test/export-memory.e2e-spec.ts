import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createTenantSession, type TestSession } from '@tessera/auth/testing';
import { parse } from 'csv-parse';
import { api, runSql, startContactsPlatform, type TestPlatform } from './contacts-test-platform';
import { exportClient } from './export-test-client';

/** `count` contacts straight into the table (fast; identifiers and search do not matter to an export). */
async function seed(t: TestPlatform, tenantId: string, count: number): Promise<void> {
  await runSql(
    t,
    `INSERT INTO contacts (id, tenant_id, first_name, last_name, display_name, company, job_title, emails, phones, tags, custom_fields)
     SELECT gen_random_uuid(), $1::uuid, 'First' || g, 'Last' || g, 'First' || g || ' Last' || g, 'Company ' || (g % 100), 'Engineer',
            jsonb_build_array(jsonb_build_object('address', 'person' || g || '@example.com', 'label', 'work')),
            jsonb_build_array(jsonb_build_object('number', '+4420' || lpad(g::text, 8, '0'), 'label', null)),
            '["seeded", "bulk"]'::jsonb, jsonb_build_object('score', g)
       FROM generate_series(1, $2::int) AS g`,
    [tenantId, count],
    tenantId,
  );
}

/** The worker child: it runs the export jobs and measures its own memory (see export-memory-worker.ts). */
class MeasuredWorker {
  private constructor(private readonly child: ChildProcess) {}

  static async start(t: TestPlatform): Promise<MeasuredWorker> {
    const { name, adminUrl, appUrl, migrationUrl } = t.database;
    const child = fork(join(__dirname, 'export-memory-worker.ts'), [], {
      execArgv: ['--expose-gc', '--conditions=development', '-r', '@swc-node/register'],
      env: { ...process.env, EXPORT_MEMORY_DATABASE: JSON.stringify({ name, adminUrl, appUrl, migrationUrl }), EXPORT_MEMORY_REDIS_PREFIX: t.redisPrefix },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const worker = new MeasuredWorker(child);
    await worker.reply('ready');
    return worker;
  }

  /**
   * The growth of the worker's live memory while `work` runs: `peak` is the upper quartile of the samples, the
   * level the export holds most of the time. The single highest sample is what happened to be in flight at
   * that instant (a 256 KiB chunk of the file store is about 0.75 MiB with its hex encoding for PostgreSQL, and
   * a page of rows about as much), and a longer export simply draws more of them; a quartile does not grow with
   * the number of samples, while an export that kept its rows or its CSV would push three quarters of them up.
   */
  async growthDuring<T>(work: () => Promise<T>): Promise<{ result: T; peak: number; max: number; samples: number }> {
    this.child.send({ measure: 'start' });
    await this.reply('started');
    const result = await work();
    this.child.send({ measure: 'stop' });
    const { samples } = (await this.reply('samples')) as { samples: number[] };
    const sorted = [...samples].sort((x, y) => x - y);
    if (sorted.length < 4) throw new Error(`only ${sorted.length} memory samples: the export finished too fast to measure`);
    // Below the baseline means the baseline still held something freed since: measure from the lowest level.
    const floor = Math.min(0, sorted[0]!);
    return { result, peak: sorted[Math.floor(sorted.length * 0.75)]! - floor, max: sorted.at(-1)! - floor, samples: sorted.length };
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.send({ close: true });
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000).unref())]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }

  private reply(key: string): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const onMessage = (message: Record<string, unknown>) => {
        if (!(key in message)) return;
        this.child.off('exit', onExit);
        this.child.off('message', onMessage);
        resolve(message);
      };
      const onExit = (code: number | null) => reject(new Error(`the export worker exited (${code}) before answering ${key}`));
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
    });
  }
}

/**
 * An export streams: its memory does not grow with the number of contacts. Exports of 10,000 and 100,000
 * contacts run in a worker process of their own (so that nothing else in it allocates) that samples its
 * live memory; the larger one may not need more than 1.5 times the smaller one's peak (the upper quartile of
 * the samples, see `growthDuring`). An export that buffers fails this: one that kept its CSV text until the
 * end measured 24-27 MiB against 3.6-4.5 MiB. Then the 100,000 rows are downloaded and counted.
 */
describe('exporting many contacts', () => {
  let t: TestPlatform;
  let worker: MeasuredWorker;
  let small: TestSession;
  let large: TestSession;

  beforeAll(async () => {
    t = await startContactsPlatform();
    small = await createTenantSession(t, { role: 'owner' });
    large = await createTenantSession(t, { role: 'owner' });
    for (const owner of [small, large]) {
      await api(t, owner).post('/custom-fields/fields', { target: 'contact', key: 'score', label: 'Score', type: 'number' }).expect(201);
    }
    await seed(t, small.tenantId!, 10_000);
    await seed(t, large.tenantId!, 100_000);
    // What autovacuum does within a minute of a bulk load: without statistics the planner takes the 100,000
    // rows for a handful and sorts each page instead of walking the (tenant_id, id) index.
    await runSql(t, 'ANALYZE contacts');
    worker = await MeasuredWorker.start(t);
  }, 120_000);
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  const exportAll = async (owner: TestSession) => {
    const client = exportClient(t, owner);
    const started = await client.start();
    return client.finished(started.id, 120_000);
  };

  it('exports 100,000 contacts in constant memory, and the download holds every one of them', async () => {
    // A first export warms up code paths and caches, so neither measured run pays for them.
    await exportAll(small);
    // Three runs in one window: a 10,000-contact export can take well under a second, too few samples alone.
    const ten = await worker.growthDuring(async () => {
      for (let run = 1; run < 3; run++) await exportAll(small);
      return exportAll(small);
    });
    const hundred = await worker.growthDuring(() => exportAll(large));
    expect(ten.result).toMatchObject({ status: 'completed', rowCount: 10_000 });
    expect(hundred.result).toMatchObject({ status: 'completed', rowCount: 100_000 });
    const mib = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MiB`;
    const report = (run: typeof ten) => `${mib(run.peak)} (highest sample ${mib(run.max)}, ${run.samples} samples)`;
    process.stdout.write(`export live-memory growth: 10,000 contacts ${report(ten)}; 100,000 contacts ${report(hundred)}; file ${mib(hundred.result.fileSize!)}\n`);
    expect(hundred.peak).toBeLessThanOrEqual(1.5 * ten.peak);

    // Streamed and counted by csv-parse as it arrives: the test holds no copy of the file either.
    const records = await new Promise<number>((resolve, reject) => {
      let count = 0;
      api(t, large)
        .get(`/contacts/exports/${hundred.result.id}/download`)
        .buffer(true)
        .parse((response, done) => {
          const parser = parse({ bom: true });
          parser.on('data', () => (count += 1));
          parser.on('error', done);
          parser.on('end', () => done(null, count));
          response.pipe(parser);
        })
        .then((response) => (response.status === 200 ? resolve(response.body as number) : reject(new Error(`download answered ${response.status}`))), reject);
    });
    expect(records).toBe(100_001); // the header and every contact
  }, 180_000);
});
