import { RequestContext, TesseraError, type FileStore, type FileWrite, type StoredFile } from '@tessera/module-sdk';
import type { FileReader } from '../read/file-reader';
import type { FileWriter } from '../write/file-writer';
import { isFileId } from './file-rows';
import type { FileTransactions } from './file-transactions';

/**
 * The `FILE_STORE` a module receives: every call is bound to the module's name and to the tenant of the
 * request context at the time of the call (a read keeps the tenant it was started for, however late its
 * stream is consumed). There is no way to name another module or tenant.
 */
export class ModuleFileStore implements FileStore {
  constructor(
    private readonly module: string,
    private readonly parts: { readonly writer: FileWriter; readonly reader: FileReader; readonly transactions: FileTransactions },
  ) {}

  async write(input: FileWrite): Promise<StoredFile> {
    return this.parts.writer.write(tenantOf('write'), this.module, input);
  }

  async stat(id: string): Promise<StoredFile | null> {
    return this.parts.reader.stat(tenantOf('stat'), this.module, id);
  }

  read(id: string): AsyncIterable<Buffer> {
    const tenantId = tenantOf('read');
    const { reader } = this.parts;
    const module = this.module;
    // Each iteration starts a fresh read, so the iterable can be consumed more than once.
    return { [Symbol.asyncIterator]: () => reader.chunks(tenantId, module, id) };
  }

  async delete(id: string): Promise<boolean> {
    const tenantId = tenantOf('delete');
    if (!isFileId(id)) return false;
    // Expired files are removed too, but reported as absent: they no longer existed for the module.
    const rows = await this.parts.transactions.query(tenantId, (sql) =>
      sql<{ visible: boolean }>(
        'DELETE FROM files WHERE tenant_id = ? AND id = ? AND module = ? AND complete RETURNING (expires_at IS NULL OR expires_at > now()) AS visible',
        [tenantId, id, this.module],
      ),
    );
    return rows[0]?.visible === true;
  }
}

function tenantOf(operation: string): string {
  const tenantId = RequestContext.current()?.tenantId;
  if (!tenantId) {
    throw new TesseraError(
      'internal',
      'TENANT_CONTEXT_MISSING',
      `The file store was called (${operation}) without a tenant in context. Files belong to a tenant: call it inside a tenant request or job, or inside UNIT_OF_WORK.withTenant(tenantId, fn).`,
    );
  }
  return tenantId;
}
