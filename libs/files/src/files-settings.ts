/** The file store's settings, from the platform configuration (`FILES_*`). */
export interface FilesSettings {
  /** Size of every stored chunk but a file's last one (`FILES_CHUNK_BYTES`). */
  readonly chunkBytes: number;
  /** The largest file a write accepts, and the ceiling of a write's own `maxBytes` (`FILES_MAX_BYTES`). */
  readonly maxBytes: number;
  /** Lifetime of a file written without `expiresInSeconds` (`FILES_DEFAULT_TTL_SECONDS`). */
  readonly defaultTtlSeconds: number;
}

/** Injection token of the {@link FilesSettings} (provided by the kernel from its configuration). */
export const FILES_SETTINGS = Symbol.for('tessera.files.settings');

/** Bytes a read fetches per round trip: a few chunks, so a download never holds more than this. */
export const READ_BATCH_BYTES = 1_048_576;

/** The longest lifetime a write may ask for (ten years); `null` keeps a file until it is deleted. */
export const MAX_TTL_SECONDS = 10 * 366 * 86_400;
