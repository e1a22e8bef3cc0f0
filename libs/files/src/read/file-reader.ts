import { createHash } from 'node:crypto';
import { NotFoundError, TesseraError, type StoredFile } from '@tessera/module-sdk';
import { READ_BATCH_BYTES, type FilesSettings } from '../files-settings';
import { FILE_COLUMNS, isFileId, storedFile, VISIBLE_FILE, type FileRow } from '../store/file-rows';
import type { FileTransactions, Sql } from '../store/file-transactions';

interface ChunkRow {
  readonly seq: number;
  readonly data: Buffer;
}

/**
 * Reads files: metadata, and content as a stream of its stored chunks, a few per round trip. Each fetch
 * is a separate call through {@link FileTransactions}: in the caller's unit of work while there is one,
 * otherwise in a short transaction of its own for the tenant the read was started for, so nothing is
 * held between fetches and a download can outlive its request's transaction.
 */
export class FileReader {
  private readonly batch: number;

  constructor(
    private readonly transactions: FileTransactions,
    settings: FilesSettings,
  ) {
    this.batch = Math.max(1, Math.floor(READ_BATCH_BYTES / settings.chunkBytes));
  }

  async stat(tenantId: string, module: string, id: string): Promise<StoredFile | null> {
    if (!isFileId(id)) return null;
    const [row] = await this.transactions.query(tenantId, (sql) => sql<FileRow>(`SELECT ${FILE_COLUMNS} FROM files WHERE ${VISIBLE_FILE}`, [tenantId, id, module]));
    return row ? storedFile(row) : null;
  }

  /**
   * The content, in order. Existence is checked at the first fetch (`FILE_NOT_FOUND`); at the end the
   * bytes read must match the file's size and hash, so a file deleted (or altered) while it was being
   * read fails the stream instead of ending it early.
   */
  async *chunks(tenantId: string, module: string, id: string): AsyncGenerator<Buffer> {
    if (!isFileId(id)) throw notFound(id);
    const first = await this.transactions.query(tenantId, async (sql) => {
      const [file] = await sql<FileRow>(`SELECT ${FILE_COLUMNS} FROM files WHERE ${VISIBLE_FILE}`, [tenantId, id, module]);
      return file ? { file: storedFile(file), rows: await this.fetch(sql, tenantId, id, 0) } : undefined;
    });
    if (!first) throw notFound(id);
    const { file } = first;
    const hash = createHash('sha256');
    let rows = first.rows;
    let next = 0;
    let bytes = 0;
    for (;;) {
      for (const row of rows) {
        if (row.seq !== next) throw changedWhileRead(file);
        next += 1;
        bytes += row.data.length;
        hash.update(row.data);
        yield row.data;
      }
      if (rows.length < this.batch || bytes >= file.size) break;
      const from = next;
      rows = await this.transactions.query(tenantId, (sql) => this.fetch(sql, tenantId, id, from));
    }
    if (bytes !== file.size || hash.digest('hex') !== file.sha256) throw changedWhileRead(file);
  }

  private fetch(sql: Sql, tenantId: string, id: string, from: number): Promise<ChunkRow[]> {
    return sql<ChunkRow>('SELECT seq, data FROM file_chunks WHERE tenant_id = ? AND file_id = ? AND seq >= ? ORDER BY seq LIMIT ?', [tenantId, id, from, this.batch]);
  }
}

function notFound(id: string): NotFoundError {
  return new NotFoundError('FILE_NOT_FOUND', `File ${id} was not found.`);
}

function changedWhileRead(file: StoredFile): TesseraError {
  return new TesseraError('internal', 'FILE_CHANGED_WHILE_READ', `File ${file.id} was deleted or altered while it was being read; read it again.`);
}
