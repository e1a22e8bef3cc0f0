import { createHash } from 'node:crypto';
import type { FileWrite, StoredFile } from '@tessera/module-sdk';
import { v7 as uuidv7 } from 'uuid';
import type { FilesSettings } from '../files-settings';
import { FILE_COLUMNS, storedFile, type FileRow } from '../store/file-rows';
import type { FileTransactions } from '../store/file-transactions';
import { checkedWrite } from './file-write.schema';
import { fixedChunks } from './fixed-chunks';

/**
 * Writes one file: the row first (not yet `complete`), then each chunk as it is cut from the stream,
 * hashing and counting on the way, then the size, hash and `complete` flag. All of it in one atomic unit
 * (a savepoint of the caller's transaction, or a transaction of its own), so a failure at any point —
 * the stream, the size limit, the database — leaves no row behind.
 */
export class FileWriter {
  constructor(
    private readonly transactions: FileTransactions,
    private readonly settings: FilesSettings,
  ) {}

  async write(tenantId: string, module: string, input: FileWrite): Promise<StoredFile> {
    const file = checkedWrite(input, this.settings);
    return this.transactions.atomic(tenantId, async (sql) => {
      const id = uuidv7();
      await sql(
        `INSERT INTO files (tenant_id, id, module, name, content_type, expires_at)
         VALUES (?, ?, ?, ?, ?, now() + make_interval(secs => ?::double precision))`,
        [tenantId, id, module, file.name, file.contentType, file.ttlSeconds],
      );
      const hash = createHash('sha256');
      let size = 0;
      let seq = 0;
      for await (const chunk of fixedChunks(file.content, this.settings.chunkBytes, file.maxBytes)) {
        hash.update(chunk);
        size += chunk.length;
        await sql('INSERT INTO file_chunks (tenant_id, file_id, seq, data) VALUES (?, ?, ?, ?)', [tenantId, id, seq, chunk]);
        seq += 1;
      }
      const [row] = await sql<FileRow>(
        `UPDATE files SET size = ?, sha256 = ?, complete = true WHERE tenant_id = ? AND id = ? RETURNING ${FILE_COLUMNS}`,
        [size, hash.digest('hex'), tenantId, id],
      );
      return storedFile(row!);
    });
  }
}
