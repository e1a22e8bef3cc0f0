import { FileTooLargeError } from './file-too-large.error';

/**
 * Re-cuts a stream of pieces of any size into chunks of exactly `chunkBytes` (the last one shorter),
 * pulling the next piece only when the previous chunk has been consumed, so memory stays at about one
 * chunk plus the piece being cut. Counts bytes as they arrive and stops with 413 `FILE_TOO_LARGE` as soon
 * as the total passes `maxBytes`, without reading the rest. Strings are encoded as UTF-8.
 */
export async function* fixedChunks(source: AsyncIterable<Uint8Array | string>, chunkBytes: number, maxBytes: number): AsyncGenerator<Buffer> {
  let pending = Buffer.allocUnsafe(chunkBytes);
  let filled = 0;
  let total = 0;
  for await (const item of source) {
    const piece = asBuffer(item);
    total += piece.length;
    if (total > maxBytes) throw new FileTooLargeError(maxBytes);
    let offset = 0;
    while (offset < piece.length) {
      if (filled === 0 && piece.length - offset >= chunkBytes) {
        // A whole chunk inside the piece: hand out a view of it instead of copying.
        yield piece.subarray(offset, offset + chunkBytes);
        offset += chunkBytes;
        continue;
      }
      const copied = piece.copy(pending, filled, offset, Math.min(piece.length, offset + chunkBytes - filled));
      filled += copied;
      offset += copied;
      if (filled === chunkBytes) {
        yield pending;
        pending = Buffer.allocUnsafe(chunkBytes);
        filled = 0;
      }
    }
  }
  if (filled > 0) yield pending.subarray(0, filled);
}

function asBuffer(item: Uint8Array | string): Buffer {
  if (typeof item === 'string') return Buffer.from(item, 'utf8');
  if (item instanceof Uint8Array) return Buffer.isBuffer(item) ? item : Buffer.from(item.buffer, item.byteOffset, item.byteLength);
  throw new TypeError(`File content must be strings or bytes (Uint8Array); the stream yielded ${item === null ? 'null' : typeof item}.`);
}
