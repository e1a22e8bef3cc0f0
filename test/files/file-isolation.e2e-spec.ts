import { randomBytes } from 'node:crypto';
import type { StoredFile } from '@tessera/module-sdk';
import { piecesOf, readAll, startFilePlatform, type FilePlatform } from '../support/file-platforms';

describe('file store isolation', () => {
  let p: FilePlatform;
  let tenantA: string;
  let tenantB: string;
  let fileOfA: StoredFile;
  const content = randomBytes(262_144 * 3 + 5);

  beforeAll(async () => {
    p = await startFilePlatform();
    tenantA = await p.tenant();
    tenantB = await p.tenant();
    fileOfA = await p.as(tenantA, () => p.files.write({ name: 'a.bin', contentType: 'application/octet-stream', content: piecesOf(content), expiresInSeconds: null }));
  });
  afterAll(() => p.close());

  const stillThere = async () => expect((await p.as(tenantA, () => readAll(p.files.read(fileOfA.id)))).equals(content)).toBe(true);

  describe('between tenants', () => {
    it("gives tenant B nothing of tenant A's file: not its metadata, not its content, not its deletion", async () => {
      expect(await p.as(tenantB, () => p.files.stat(fileOfA.id))).toBeNull();
      await expect(p.as(tenantB, () => readAll(p.files.read(fileOfA.id)))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
      expect(await p.as(tenantB, () => p.files.delete(fileOfA.id))).toBe(false);
      await stillThere();
    });

    it("shows tenant B none of A's rows under row-level security, even in SQL that forgets the tenant", async () => {
      const asB = await p.sqlAsTenant<{ files: number; chunks: number }>(
        tenantB,
        'SELECT (SELECT count(*) FROM files WHERE id = $1)::int AS files, (SELECT count(*) FROM file_chunks WHERE file_id = $1)::int AS chunks',
        [fileOfA.id],
      );
      const asA = await p.sqlAsTenant<{ files: number; chunks: number }>(
        tenantA,
        'SELECT (SELECT count(*) FROM files WHERE id = $1)::int AS files, (SELECT count(*) FROM file_chunks WHERE file_id = $1)::int AS chunks',
        [fileOfA.id],
      );
      expect(asB).toEqual([{ files: 0, chunks: 0 }]);
      expect(asA).toEqual([{ files: 1, chunks: 4 }]);
      const withoutTenant = await p.sqlAsTenant<{ n: number }>('', 'SELECT (SELECT count(*) FROM files)::int + (SELECT count(*) FROM file_chunks)::int AS n');
      expect(withoutTenant).toEqual([{ n: 0 }]);
    });

    it("refuses a chunk of tenant B that points at tenant A's file, and a chunk written under A's id from B's connection", async () => {
      await expect(
        p.sqlAsTenant(tenantB, "INSERT INTO file_chunks (tenant_id, file_id, seq, data) VALUES ($1, $2, 99, '\\x00')", [tenantB, fileOfA.id]),
      ).rejects.toThrow(/foreign key/);
      await expect(
        p.sqlAsTenant(tenantB, "INSERT INTO file_chunks (tenant_id, file_id, seq, data) VALUES ($1, $2, 99, '\\x00')", [tenantA, fileOfA.id]),
      ).rejects.toThrow(/row-level security/);
      await expect(p.sqlAsTenant(tenantB, 'UPDATE file_chunks SET data = $2 WHERE file_id = $1 RETURNING 1', [fileOfA.id, Buffer.from('x')])).resolves.toEqual([]);
      await stillThere();
    });

    it('keeps a read on the tenant it was started for: consumed in another tenant\'s context, it is refused', async () => {
      const stream = p.as(tenantA, async () => p.files.read(fileOfA.id));
      await expect(p.as(tenantB, async () => readAll(await stream))).rejects.toMatchObject({ code: 'TENANT_SWITCH_REFUSED' });
      await expect(p.inUnitOfWork(tenantB, async () => readAll(await stream))).rejects.toMatchObject({ code: 'TENANT_SWITCH_REFUSED' });
    });
  });

  describe('between modules', () => {
    it("gives another module of the same tenant nothing of demo-files' file", async () => {
      expect(await p.as(tenantA, () => p.otherFiles.stat(fileOfA.id))).toBeNull();
      await expect(p.as(tenantA, () => readAll(p.otherFiles.read(fileOfA.id)))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
      expect(await p.as(tenantA, () => p.otherFiles.delete(fileOfA.id))).toBe(false);
      await stillThere();
    });

    it('records each file under the module whose store wrote it, and lets that module read it', async () => {
      const other = await p.as(tenantA, () => p.otherFiles.write({ name: 'b.txt', contentType: 'text/plain', content: piecesOf(Buffer.from('other')) }));
      expect(other.module).toBe('demo-other-files');
      expect(await p.as(tenantA, () => p.files.stat(other.id))).toBeNull();
      expect((await p.as(tenantA, () => readAll(p.otherFiles.read(other.id)))).toString()).toBe('other');
    });
  });
});
