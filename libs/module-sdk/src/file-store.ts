/**
 * A file kept by the platform for the current tenant (an upload waiting for its import job, an export
 * ready to download, an error report).
 *
 * @example
 * ```ts
 * const file: StoredFile = await files.write({ name: 'contacts.csv', contentType: 'text/csv', content: stream });
 * return { fileId: file.id, size: file.size };
 * ```
 */
export interface StoredFile {
  readonly id: string;
  /** The module that wrote it; a module sees only its own files. */
  readonly module: string;
  readonly name: string;
  readonly contentType: string;
  /** Bytes. */
  readonly size: number;
  /** Hex SHA-256 of the content. */
  readonly sha256: string;
  readonly createdAt: string;
  /** When the platform deletes it; `null` keeps it until the module deletes it. */
  readonly expiresAt: string | null;
}

/**
 * What to write: the content is consumed as a stream, so a file of any size costs constant memory.
 *
 * @example
 * ```ts
 * const input: FileWrite = { name: 'export.csv', contentType: 'text/csv; charset=utf-8', content: csvStream, expiresInSeconds: 7 * 86_400 };
 * ```
 */
export interface FileWrite {
  /** A file name for downloads (`Content-Disposition`); 1-255 characters, no path separators. */
  readonly name: string;
  /** A MIME type, e.g. `text/csv; charset=utf-8`. */
  readonly contentType: string;
  /**
   * The content, consumed once: strings are written as UTF-8. An HTTP request whose body the platform does not
   * parse (anything but JSON and forms) can be passed as is.
   */
  readonly content: AsyncIterable<Uint8Array | string>;
  /**
   * Seconds until the platform deletes the file (an expired file is invisible at once). Default: the
   * platform's `FILES_DEFAULT_TTL_SECONDS`. `null`: kept until deleted.
   */
  readonly expiresInSeconds?: number | null;
  /**
   * Refuse content larger than this (`413 FILE_TOO_LARGE`, nothing kept; reading stops there). Default and
   * ceiling: the platform's `FILES_MAX_BYTES`.
   */
  readonly maxBytes?: number;
}

/**
 * The platform's file store, bound to the calling module and the current tenant (from the request
 * context; tenant files are under row-level security like every tenant row). Files live in the platform's
 * storage, never on a replica's disk, so the worker that runs a job reads what the API received. Content
 * is streamed both ways: neither a write nor a read holds a whole file in memory.
 *
 * A write inside a unit of work is part of its transaction (a rolled-back request leaves no file behind,
 * and a failed write leaves nothing even when the caller catches the error); outside one it commits on its
 * own. A write holds its transaction, hence one database connection, until the content stream ends.
 * A read streams in chunks, a few per fetch: inside a unit of work each fetch uses its transaction (it sees
 * the unit of work's own new files); otherwise each one runs in its own short transaction for the tenant the
 * read was started for, so the stream may be consumed after the request's transaction (an HTTP download:
 * see {@link fileDownload}). Calling the store without a tenant in context is refused
 * (`TENANT_CONTEXT_MISSING`).
 *
 * @example
 * ```ts
 * constructor(@Inject(FILE_STORE) private readonly files: FileStore) {}
 *
 * const upload = await this.files.write({ name: 'contacts.csv', contentType: 'text/csv', content: request });
 * for await (const chunk of this.files.read(upload.id)) parser.write(chunk);
 * ```
 */
export interface FileStore {
  write(input: FileWrite): Promise<StoredFile>;
  /** The file's metadata, or `null` when it does not exist (or belongs to another module or tenant). */
  stat(id: string): Promise<StoredFile | null>;
  /**
   * The content, chunk by chunk; iterating it throws a `NotFoundError` (`FILE_NOT_FOUND`) when the file does
   * not exist, and fails (rather than ends early) when the file is deleted while it is being read.
   */
  read(id: string): AsyncIterable<Buffer>;
  /** Deletes the file and its content (with the unit of work, inside one); `false` when there was none. */
  delete(id: string): Promise<boolean>;
}

/**
 * Injection token of the module's {@link FileStore}.
 *
 * @example
 * ```ts
 * constructor(@Inject(FILE_STORE) private readonly files: FileStore) {}
 * ```
 */
export const FILE_STORE = Symbol.for('tessera.file-store');
