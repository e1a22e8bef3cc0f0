import type { StoredFile } from '@tessera/module-sdk';

/** A row of `files` as the pg driver returns it. */
export interface FileRow {
  readonly id: string;
  readonly module: string;
  readonly name: string;
  readonly content_type: string;
  /** bigint: a string from the driver. */
  readonly size: string | number;
  readonly sha256: string;
  readonly created_at: Date;
  readonly expires_at: Date | null;
}

export const FILE_COLUMNS = 'id, module, name, content_type, size, sha256, created_at, expires_at';

/** The conditions under which a file exists for a module: written completely, not expired. */
export const VISIBLE_FILE = 'tenant_id = ? AND id = ? AND module = ? AND complete AND (expires_at IS NULL OR expires_at > now())';

export function storedFile(row: FileRow): StoredFile {
  return {
    id: row.id,
    module: row.module,
    name: row.name,
    contentType: row.content_type,
    size: Number(row.size),
    sha256: row.sha256,
    createdAt: new Date(row.created_at).toISOString(),
    expiresAt: row.expires_at ? new Date(row.expires_at).toISOString() : null,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `id` can name a file at all (anything else is simply not found, never a database error). */
export function isFileId(id: unknown): id is string {
  return typeof id === 'string' && UUID.test(id);
}
