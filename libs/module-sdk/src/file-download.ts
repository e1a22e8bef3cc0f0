import { Readable } from 'node:stream';
import { StreamableFile } from '@nestjs/common';
import { create as contentDisposition } from 'content-disposition';
import { NotFoundError } from './errors';
import type { FileStore } from './file-store';

/**
 * Options of {@link fileDownload}.
 *
 * @example
 * ```ts
 * const options: FileDownloadOptions = { filename: `contacts-${date}.csv` };
 * ```
 */
export interface FileDownloadOptions {
  /** The name the browser saves the file as; default: the stored name. */
  readonly filename?: string;
}

// Control characters would break the header; separators would make the name a path on the client.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_FILENAME = /[\u0000-\u001f\u007f/\\]/g;

/**
 * A stored file as an HTTP download: return it from a route. The response carries the file's
 * `Content-Type`, its `Content-Length` and `Content-Disposition: attachment` with a safe file name (RFC 6266,
 * with an ASCII fallback and the UTF-8 name); the content is streamed chunk by chunk after the request's
 * transaction has committed, never held in memory. A file that does not exist for the module and tenant is a
 * 404 `FILE_NOT_FOUND` in the error envelope; so is any failure before the first byte (the first chunk is
 * fetched before the route returns). A failure later cuts the connection: the client sees a failed
 * download, never a short file that looks complete.
 *
 * Always an attachment: a file served inline with a content type chosen by whoever uploaded it could run
 * as a page of the API's origin.
 *
 * @example
 * ```ts
 * @Get('exports/:id/download')
 * @RequirePermissions('contacts.export')
 * download(@Param('id', ParseUUIDPipe) id: string): Promise<StreamableFile> {
 *   return fileDownload(this.files, id, { filename: 'contacts.csv' });
 * }
 * ```
 */
export async function fileDownload(files: FileStore, id: string, options: FileDownloadOptions = {}): Promise<StreamableFile> {
  const file = await files.stat(id);
  if (!file) throw new NotFoundError('FILE_NOT_FOUND', `File ${id} was not found.`);
  const chunks = files.read(id)[Symbol.asyncIterator]();
  const first = await chunks.next();
  const download = new StreamableFile(Readable.from(resumed(first, chunks), { objectMode: false }), {
    type: file.contentType,
    length: file.size,
    disposition: contentDisposition(safeFilename(options.filename ?? file.name), { type: 'attachment' }),
  });
  return download.setErrorHandler((error, response) => {
    download.errorLogger(error);
    if (response.destroy) response.destroy();
    else response.end();
  });
}

function safeFilename(name: string): string {
  const cleaned = name.replace(UNSAFE_FILENAME, '_').trim().slice(0, 255);
  return cleaned.length > 0 ? cleaned : 'download';
}

async function* resumed(first: IteratorResult<Buffer>, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  try {
    if (first.done) return;
    yield first.value;
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
  } finally {
    await rest.return?.();
  }
}
