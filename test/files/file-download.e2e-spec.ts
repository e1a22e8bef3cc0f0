import { randomBytes } from 'node:crypto';
import type { Response } from 'superagent';
import { testToken } from '../support/demo-modules';
import { piecesOf, sha256, startFilePlatform, type FilePlatform } from '../support/file-platforms';

/** Collects a binary body as a Buffer (supertest would otherwise try to parse it). */
function binary(response: Response, callback: (error: Error | null, body: Buffer) => void): void {
  const parts: Buffer[] = [];
  response.on('data', (part: Buffer) => parts.push(part));
  response.on('end', () => callback(null, Buffer.concat(parts)));
}

describe('files over HTTP (a module route with fileDownload)', () => {
  let p: FilePlatform;
  let tenantA: string;
  let tenantB: string;
  const bearer = (tenantId: string, permissions = ['demo-files.read', 'demo-files.write']) => ({
    authorization: `Bearer ${testToken({ id: `user-${tenantId}`, tenantId, permissions })}`,
  });

  beforeAll(async () => {
    p = await startFilePlatform();
    tenantA = await p.tenant();
    tenantB = await p.tenant();
  });
  afterAll(() => p.close());

  it('downloads a stored file streamed with its type, length and a safe attachment name', async () => {
    const content = randomBytes(262_144 * 6 + 999);
    const file = await p.as(tenantA, () => p.files.write({ name: 'Export "Zürich" 2026.bin', contentType: 'application/octet-stream', content: piecesOf(content) }));
    const response = await p.t.http().get(`/api/v1/demo-files/${file.id}`).set(bearer(tenantA)).buffer(true).parse(binary).expect(200);
    expect(response.headers['content-type']).toBe('application/octet-stream');
    expect(response.headers['content-length']).toBe(String(content.length));
    expect(response.headers['content-disposition']).toBe(`attachment; filename="Export \\"Z?rich\\" 2026.bin"; filename*=UTF-8''Export%20%22Z%C3%BCrich%22%202026.bin`);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(sha256(response.body as Buffer)).toBe(sha256(content));
  });

  it('uploads by streaming the request body into the store, then serves it back', async () => {
    const csv = 'name,email\nZoë,zoe@example.com\n'.repeat(2_000);
    const upload = await p.t
      .http()
      .post('/api/v1/demo-files')
      .set(bearer(tenantA))
      .set('content-type', 'text/csv; charset=utf-8')
      .set('x-file-name', 'contacts.csv')
      .send(csv)
      .expect(201);
    expect(upload.body).toMatchObject({ module: 'demo-files', name: 'contacts.csv', contentType: 'text/csv; charset=utf-8', size: Buffer.byteLength(csv), sha256: sha256(Buffer.from(csv)) });
    const download = await p.t.http().get(`/api/v1/demo-files/${upload.body.id}`).set(bearer(tenantA)).expect(200);
    expect(download.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(download.headers['content-disposition']).toBe('attachment; filename=contacts.csv');
    expect(download.text).toBe(csv);
  });

  it('makes a download name chosen by the route safe: no path, no header injection', async () => {
    const file = await p.as(tenantA, () => p.files.write({ name: 'a.txt', contentType: 'text/plain', content: piecesOf(Buffer.from('a')) }));
    const hostile = encodeURIComponent('../../evil\r\nSet-Cookie: session=x.txt');
    const response = await p.t.http().get(`/api/v1/demo-files/${file.id}?as=${hostile}`).set(bearer(tenantA)).expect(200);
    expect(response.headers['content-disposition']).toBe('attachment; filename=".._.._evil__Set-Cookie: session=x.txt"');
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('answers 404 FILE_NOT_FOUND in the error envelope for a missing file and for another tenant\'s file', async () => {
    const file = await p.as(tenantA, () => p.files.write({ name: 'a.txt', contentType: 'text/plain', content: piecesOf(Buffer.from('secret of A')) }));
    for (const [tenant, id] of [
      [tenantA, '01900000-0000-7000-8000-000000000000'],
      [tenantB, file.id],
    ] as const) {
      const response = await p.t.http().get(`/api/v1/demo-files/${id}`).set(bearer(tenant)).expect(404);
      expect(response.body).toEqual({ error: { code: 'FILE_NOT_FOUND', message: `File ${id} was not found.`, details: null, requestId: expect.any(String) } });
      expect(response.text).not.toContain('secret of A');
    }
  });

  it('refuses a malformed id with 400, no credentials with 401 and a missing permission with 403', async () => {
    await p.t.http().get('/api/v1/demo-files/not-a-uuid').set(bearer(tenantA)).expect(400);
    await p.t.http().get('/api/v1/demo-files/01900000-0000-7000-8000-000000000000').expect(401);
    await p.t.http().get('/api/v1/demo-files/01900000-0000-7000-8000-000000000000').set(bearer(tenantA, ['demo-files.write'])).expect(403);
  });

  it('refuses an upload with a bad name with 400 naming the field, and keeps nothing', async () => {
    const before = await p.sql<{ n: number }>('SELECT count(*)::int AS n FROM files');
    const response = await p.t.http().post('/api/v1/demo-files').set(bearer(tenantA)).set('content-type', 'text/plain').set('x-file-name', '../x.txt').send('x').expect(400);
    expect(response.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field: 'name' })] });
    expect(await p.sql('SELECT count(*)::int AS n FROM files')).toEqual(before);
  });

  it('refuses an upload past the limit with 413 FILE_TOO_LARGE, and keeps nothing of it', async () => {
    const before = await p.sql<{ n: number }>('SELECT (SELECT count(*) FROM files)::int + (SELECT count(*) FROM file_chunks)::int AS n');
    const response = await p.t
      .http()
      .post('/api/v1/demo-files')
      .set(bearer(tenantA))
      .set('content-type', 'application/octet-stream')
      .set('x-file-name', 'big.bin')
      .send(randomBytes(4 * 1_048_576));
    expect(response.status).toBe(413);
    expect(response.body.error).toMatchObject({ code: 'FILE_TOO_LARGE', details: { maxBytes: 1_048_576 } });
    expect(await p.sql('SELECT (SELECT count(*) FROM files)::int + (SELECT count(*) FROM file_chunks)::int AS n')).toEqual(before);
  });
});
