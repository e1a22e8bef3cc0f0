import { randomBytes } from 'node:crypto';
import { startTestPlatform, type TestPlatform } from '@tessera/module-sdk/testing';
import type { StoredFile } from '@tessera/module-sdk';
import { demoAuthModule, demoFilesModule, demoOtherFilesModule } from '../support/demo-modules';
import { piecesOf, readAll, startFilePlatform, type FilePlatform } from '../support/file-platforms';
import { waitFor } from '../support/wait-for';

describe('file expiry', () => {
  let p: FilePlatform;
  let tenant: string;

  beforeAll(async () => {
    p = await startFilePlatform();
    tenant = await p.tenant();
  });
  afterAll(() => p.close());

  const write = (tenantId: string, name: string, expiresInSeconds: number | null) =>
    p.as(tenantId, () => p.files.write({ name, contentType: 'application/octet-stream', content: piecesOf(randomBytes(262_144 * 2 + 1)), expiresInSeconds }));
  /** Moves a file's expiry into the past, as the owner would see time pass. */
  const expire = (file: StoredFile) => p.sql("UPDATE files SET expires_at = now() - interval '1 second' WHERE id = $1", [file.id]);
  const stored = async (file: StoredFile) => ({
    files: (await p.sql('SELECT 1 FROM files WHERE id = $1', [file.id])).length,
    chunks: (await p.sql('SELECT 1 FROM file_chunks WHERE file_id = $1', [file.id])).length,
  });

  it('hides a file once its lifetime is over: stat, read and delete no longer find it', async () => {
    const file = await write(tenant, 'short.bin', 1);
    expect(await p.as(tenant, () => p.files.stat(file.id))).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await p.as(tenant, () => p.files.stat(file.id))).toBeNull();
    await expect(p.as(tenant, () => readAll(p.files.read(file.id)))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    // Deleting it is allowed (it frees the space at once) but reports that there was nothing.
    expect(await p.as(tenant, () => p.files.delete(file.id))).toBe(false);
    expect(await stored(file)).toEqual({ files: 0, chunks: 0 });
  });

  it('keeps a file that has time left, and one written with no expiry', async () => {
    const later = await write(tenant, 'later.bin', 3_600);
    const forever = await write(tenant, 'forever.bin', null);
    expect(forever.expiresAt).toBeNull();
    expect(await p.as(tenant, () => p.files.stat(later.id))).toMatchObject({ name: 'later.bin' });
    expect(await p.as(tenant, () => p.files.stat(forever.id))).toMatchObject({ name: 'forever.bin' });
  });

  describe('the files.purge-expired platform job', () => {
    let worker: TestPlatform;

    beforeAll(async () => {
      worker = await startTestPlatform({
        modules: [demoAuthModule, demoFilesModule, demoOtherFilesModule],
        role: 'worker',
        database: p.t.database,
        redisPrefix: p.t.redisPrefix,
        env: { FILES_PURGE_SCHEDULE: '* * * * * *', WORKER_HEALTH_PORT: '0' },
      });
    });
    afterAll(() => worker.close());

    it("deletes every tenant's expired files with their chunks, and nothing else", async () => {
      const other = await p.tenant();
      const expiredA = await write(tenant, 'expired-a.bin', 3_600);
      const expiredB = await p.as(other, () =>
        p.otherFiles.write({ name: 'expired-b.bin', contentType: 'text/plain', content: piecesOf(Buffer.from('b')), expiresInSeconds: 3_600 }),
      );
      const current = await write(tenant, 'current.bin', 3_600);
      const forever = await write(other, 'forever.bin', null);
      await expire(expiredA);
      await expire(expiredB);
      await waitFor(async () => ((await stored(expiredA)).files === 0 && (await stored(expiredB)).files === 0 ? true : undefined), {
        timeoutMs: 15_000,
        what: 'the purge of the expired files',
      });
      expect(await stored(expiredA)).toEqual({ files: 0, chunks: 0 });
      expect(await stored(expiredB)).toEqual({ files: 0, chunks: 0 });
      expect(await stored(current)).toEqual({ files: 1, chunks: 3 });
      expect(await stored(forever)).toEqual({ files: 1, chunks: 3 });
    });

    it('runs as one scheduler on the platform queue "files", shown to operators like any queue', async () => {
      const queue = worker.platform.jobs.queues.require('files').queue;
      expect((await queue.getJobSchedulers()).map((s) => s.key)).toEqual(['files.purge-expired']);
      const done = await waitFor(async () => {
        const jobs = await queue.getCompleted(0, 20);
        return jobs.length > 0 ? jobs : undefined;
      }, { timeoutMs: 10_000, what: 'a completed purge' });
      expect(done[0]!.returnvalue).toEqual({ purged: expect.any(Number) });
    });
  });
});
