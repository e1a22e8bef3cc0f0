import { randomBytes } from 'node:crypto';
import type { StoredFile } from '@tessera/module-sdk';
import { piecesOf, readAll, sha256, startFilePlatform, type FilePlatform } from '../support/file-platforms';

const CHUNK = 262_144; // the default FILES_CHUNK_BYTES

describe('the file store', () => {
  let p: FilePlatform;
  let tenant: string;

  beforeAll(async () => {
    p = await startFilePlatform();
    tenant = await p.tenant();
  });
  afterAll(() => p.close());

  const rowsOf = async (id: string) => ({
    files: (await p.sql('SELECT 1 FROM files WHERE id = $1', [id])).length,
    chunks: (await p.sql('SELECT 1 FROM file_chunks WHERE file_id = $1', [id])).length,
  });
  const allRows = async () => (await p.sql<{ n: number }>('SELECT (SELECT count(*) FROM files)::int + (SELECT count(*) FROM file_chunks)::int AS n'))[0]!.n;

  it('round-trips a multi-chunk file: same bytes, same sha256, stored in fixed-size chunks', async () => {
    const content = randomBytes(3 * CHUNK * 4 + 12_345); // 12 full chunks and a short one: several fetches of 4
    const file = await p.as(tenant, () => p.files.write({ name: 'export.bin', contentType: 'application/octet-stream', content: piecesOf(content), expiresInSeconds: null }));
    expect(file).toMatchObject({ module: 'demo-files', name: 'export.bin', contentType: 'application/octet-stream', size: content.length, sha256: sha256(content), expiresAt: null });
    const chunks = await p.sql<{ seq: number; length: number }>('SELECT seq, length(data) AS length FROM file_chunks WHERE file_id = $1 ORDER BY seq', [file.id]);
    expect(chunks.map((c) => c.seq)).toEqual([...Array(13).keys()]);
    expect(chunks.slice(0, 12).every((c) => c.length === CHUNK)).toBe(true);
    expect(chunks[12]!.length).toBe(12_345);
    const read = await p.as(tenant, () => readAll(p.files.read(file.id)));
    expect(read.equals(content)).toBe(true);
    expect(await p.as(tenant, () => p.files.stat(file.id))).toEqual(file);
  });

  it('stores strings as UTF-8', async () => {
    async function* lines() {
      yield 'name,city\n';
      yield 'Zoë,Zürich\n';
      yield '李,北京\n';
    }
    const file = await p.as(tenant, () => p.files.write({ name: 'contacts.csv', contentType: 'text/csv; charset=utf-8', content: lines() }));
    expect((await p.as(tenant, () => readAll(p.files.read(file.id)))).toString('utf8')).toBe('name,city\nZoë,Zürich\n李,北京\n');
  });

  it('stores an empty file: size 0, the hash of nothing, no chunks, an empty read', async () => {
    async function* nothing() {}
    const file = await p.as(tenant, () => p.files.write({ name: 'empty.csv', contentType: 'text/csv', content: nothing() }));
    expect(file).toMatchObject({ size: 0, sha256: sha256(Buffer.alloc(0)) });
    expect(await rowsOf(file.id)).toEqual({ files: 1, chunks: 0 });
    expect((await p.as(tenant, () => readAll(p.files.read(file.id)))).length).toBe(0);
  });

  it('gives every file the default lifetime unless the module chooses one', async () => {
    async function* one() {
      yield 'x';
    }
    const file = await p.as(tenant, () => p.files.write({ name: 'a.txt', contentType: 'text/plain', content: one() }));
    const lifetime = (Date.parse(file.expiresAt!) - Date.parse(file.createdAt)) / 1000;
    expect(lifetime).toBeCloseTo(7 * 86_400, 0);
  });

  it('refuses content past maxBytes with 413 FILE_TOO_LARGE and keeps nothing of it', async () => {
    const before = await allRows();
    let pulled = 0;
    async function* endless() {
      for (;;) {
        pulled += 1;
        yield randomBytes(100_000);
      }
    }
    await expect(p.as(tenant, () => p.files.write({ name: 'big.bin', contentType: 'application/octet-stream', content: endless(), maxBytes: 1_000_000 }))).rejects.toMatchObject({
      kind: 'payload-too-large',
      code: 'FILE_TOO_LARGE',
      details: { maxBytes: 1_000_000 },
    });
    expect(pulled).toBe(11); // stopped reading at the first piece past the limit
    expect(await allRows()).toBe(before);
  });

  it('refuses invalid names and content types with a 400 naming the field, before reading anything', async () => {
    let pulled = false;
    async function* content() {
      pulled = true;
      yield 'x';
    }
    await expect(p.as(tenant, () => p.files.write({ name: '../../etc/passwd', contentType: 'text/plain', content: content() }))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ field: 'name' })],
    });
    await expect(p.as(tenant, () => p.files.write({ name: 'ok.txt', contentType: 'text/html\r\nSet-Cookie: a=b', content: content() }))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ field: 'contentType' })],
    });
    expect(pulled).toBe(false);
  });

  it('leaves nothing when the content stream fails halfway', async () => {
    const before = await allRows();
    async function* broken() {
      yield randomBytes(CHUNK * 2);
      throw new Error('the upload was cut');
    }
    await expect(p.as(tenant, () => p.files.write({ name: 'cut.bin', contentType: 'application/octet-stream', content: broken() }))).rejects.toThrow('the upload was cut');
    expect(await allRows()).toBe(before);
  });

  it('writes in the unit of work: a rolled-back request leaves no file', async () => {
    let written: StoredFile | undefined;
    await expect(
      p.inUnitOfWork(tenant, async () => {
        written = await p.files.write({ name: 'doomed.bin', contentType: 'application/octet-stream', content: piecesOf(randomBytes(CHUNK + 1)) });
        // Visible inside the unit of work, to the unit of work.
        expect(await p.files.stat(written.id)).toMatchObject({ size: CHUNK + 1 });
        throw new Error('the request failed after the upload');
      }),
    ).rejects.toThrow('the request failed after the upload');
    expect(await rowsOf(written!.id)).toEqual({ files: 0, chunks: 0 });
    expect(await p.as(tenant, () => p.files.stat(written!.id))).toBeNull();
  });

  it('commits with the unit of work, and a failed write inside it leaves the rest of the unit of work intact', async () => {
    const kept = await p.inUnitOfWork(tenant, async () => {
      const file = await p.files.write({ name: 'kept.txt', contentType: 'text/plain', content: piecesOf(Buffer.from('kept')) });
      async function* tooBig() {
        yield randomBytes(2_000);
      }
      await expect(p.files.write({ name: 'big.bin', contentType: 'application/octet-stream', content: tooBig(), maxBytes: 1_000 })).rejects.toMatchObject({ code: 'FILE_TOO_LARGE' });
      return file;
    });
    expect(await rowsOf(kept.id)).toEqual({ files: 1, chunks: 1 });
    expect((await p.sql('SELECT 1 FROM files WHERE name = $1', ['big.bin'])).length).toBe(0);
  });

  it('reads inside the unit of work that wrote the file, before it commits', async () => {
    const content = randomBytes(CHUNK * 5);
    const read = await p.inUnitOfWork(tenant, async () => {
      const file = await p.files.write({ name: 'report.bin', contentType: 'application/octet-stream', content: piecesOf(content) });
      return readAll(p.files.read(file.id));
    });
    expect(read.equals(content)).toBe(true);
  });

  it('streams a read after the transaction that started it has ended (a download after its request)', async () => {
    const content = randomBytes(CHUNK * 9 + 7);
    const { id, stream } = await p.inUnitOfWork(tenant, async () => {
      const file = await p.files.write({ name: 'later.bin', contentType: 'application/octet-stream', content: piecesOf(content) });
      return { id: file.id, stream: p.files.read(file.id) };
    });
    expect((await readAll(stream)).equals(content)).toBe(true);
    // Also from a continuation started inside the unit of work, which keeps its finished transaction in context.
    let late: Promise<Buffer> | undefined;
    await p.inUnitOfWork(tenant, async () => {
      late = new Promise((resolve) => setTimeout(resolve, 50)).then(() => readAll(p.files.read(id)));
    });
    expect((await late!).equals(content)).toBe(true);
  });

  it('reads without holding a transaction between fetches', async () => {
    const file = await p.as(tenant, () => p.files.write({ name: 'slow.bin', contentType: 'application/octet-stream', content: piecesOf(randomBytes(CHUNK * 9)) }));
    const iterator = p.as(tenant, async () => p.files.read(file.id)[Symbol.asyncIterator]());
    const chunks = await iterator;
    await p.as(tenant, () => chunks.next());
    // Between fetches no connection of the application is idle in a transaction.
    const idle = await p.sql("SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction'");
    expect(idle).toEqual([]);
    await p.as(tenant, async () => {
      for (let next = await chunks.next(); !next.done; next = await chunks.next());
    });
  });

  it('fails a read whose file is deleted while it is streamed, instead of ending it early', async () => {
    const file = await p.as(tenant, () => p.files.write({ name: 'gone.bin', contentType: 'application/octet-stream', content: piecesOf(randomBytes(CHUNK * 9)) }));
    await expect(
      p.as(tenant, async () => {
        let first = true;
        for await (const chunk of p.files.read(file.id)) {
          expect(chunk.length).toBe(CHUNK);
          if (first) await p.files.delete(file.id);
          first = false;
        }
      }),
    ).rejects.toMatchObject({ code: 'FILE_CHANGED_WHILE_READ' });
  });

  it('answers FILE_NOT_FOUND for a missing file, and null / false from stat and delete', async () => {
    const missing = '01900000-0000-7000-8000-000000000000';
    await expect(p.as(tenant, () => readAll(p.files.read(missing)))).rejects.toMatchObject({ kind: 'not-found', code: 'FILE_NOT_FOUND' });
    await expect(p.as(tenant, () => readAll(p.files.read('not-a-uuid')))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    expect(await p.as(tenant, () => p.files.stat(missing))).toBeNull();
    expect(await p.as(tenant, () => p.files.stat('not-a-uuid'))).toBeNull();
    expect(await p.as(tenant, () => p.files.delete(missing))).toBe(false);
  });

  it('deletes a file with its chunks', async () => {
    const file = await p.as(tenant, () => p.files.write({ name: 'del.bin', contentType: 'application/octet-stream', content: piecesOf(randomBytes(CHUNK * 3)) }));
    expect(await rowsOf(file.id)).toEqual({ files: 1, chunks: 3 });
    expect(await p.as(tenant, () => p.files.delete(file.id))).toBe(true);
    expect(await rowsOf(file.id)).toEqual({ files: 0, chunks: 0 });
    expect(await p.as(tenant, () => p.files.delete(file.id))).toBe(false);
  });

  it('keeps a file that a rolled-back unit of work deleted', async () => {
    const file = await p.as(tenant, () => p.files.write({ name: 'survivor.txt', contentType: 'text/plain', content: piecesOf(Buffer.from('still here')) }));
    await expect(
      p.inUnitOfWork(tenant, async () => {
        expect(await p.files.delete(file.id)).toBe(true);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect((await p.as(tenant, () => readAll(p.files.read(file.id)))).toString()).toBe('still here');
  });

  it('refuses every call without a tenant in context', async () => {
    async function* one() {
      yield 'x';
    }
    const refusal = { kind: 'internal', code: 'TENANT_CONTEXT_MISSING' };
    await expect(p.files.write({ name: 'a.txt', contentType: 'text/plain', content: one() })).rejects.toMatchObject(refusal);
    await expect(p.files.stat('01900000-0000-7000-8000-000000000000')).rejects.toMatchObject(refusal);
    expect(() => p.files.read('01900000-0000-7000-8000-000000000000')).toThrow(expect.objectContaining(refusal));
    await expect(p.files.delete('01900000-0000-7000-8000-000000000000')).rejects.toMatchObject(refusal);
  });
});
