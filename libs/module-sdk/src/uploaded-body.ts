import type { IncomingMessage } from 'node:http';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';
import { parse as parseContentType } from 'content-type';
import { TesseraError } from './errors';

/**
 * What {@link UploadedBody} accepts.
 *
 * @example
 * ```ts
 * const csv: UploadedBodyOptions = { contentTypes: ['text/csv'], charsets: ['utf-8'], description: 'The CSV file, header row first.' };
 * ```
 */
export interface UploadedBodyOptions {
  /**
   * Media types accepted, without parameters (`text/csv`). Any other `Content-Type`, or none, is refused with
   * 415 `UNSUPPORTED_MEDIA_TYPE` before a byte of the body is read. JSON and form types cannot be listed: the
   * platform parses those bodies itself.
   */
  readonly contentTypes: readonly [string, ...string[]];
  /** Charsets accepted when the `Content-Type` names one (case-insensitive). Default: any. */
  readonly charsets?: readonly string[];
  /** Shown in the OpenAPI document as the body's description. */
  readonly description?: string;
}

/**
 * The raw body of a request, not yet read: an async iterable of its bytes, to pass as is to
 * `FileStore.write({ content: body })` (streamed, never held in memory), with what the headers said of it.
 *
 * @example
 * ```ts
 * if (body.contentLength !== null && body.contentLength > maxBytes) throw new TesseraError('payload-too-large', 'IMPORT_FILE_TOO_LARGE', '...');
 * const file = await this.files.write({ name: 'contacts.csv', contentType: body.contentType, content: body, maxBytes });
 * ```
 */
export interface UploadedBodyStream extends AsyncIterable<Buffer> {
  /** The media type, lower-cased, without parameters: `text/csv`. */
  readonly mediaType: string;
  /** The whole `Content-Type`, normalised (`text/csv; charset=utf-8`). */
  readonly contentType: string;
  /** The `charset` parameter, lower-cased, or `null`. */
  readonly charset: string | null;
  /** The announced `Content-Length`, or `null` (chunked transfer). Check it to refuse an oversize body unread. */
  readonly contentLength: number | null;
}

/** Media types the platform's body parsers consume before a route runs. */
const PARSED_BY_THE_PLATFORM = ['application/json', 'application/x-www-form-urlencoded'];

/** Reads the request's headers against the options; throws the 415 the client gets. Exported for tests. */
export function uploadedBodyOf(request: IncomingMessage, options: UploadedBodyOptions): UploadedBodyStream {
  const accepted = options.contentTypes.map((type) => type.toLowerCase());
  const header = request.headers['content-type'];
  let parsed: { type: string; parameters: Record<string, string> } | undefined;
  try {
    parsed = header ? parseContentType(header) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!parsed || !accepted.includes(parsed.type)) {
    throw new TesseraError(
      'unsupported-media-type',
      'UNSUPPORTED_MEDIA_TYPE',
      `This route takes the raw body as ${accepted.join(' or ')}${header ? `, not "${header.slice(0, 100)}"` : ', and the request has no Content-Type'}: send the file with Content-Type: ${accepted[0]}.`,
      { contentType: header?.slice(0, 100) ?? null, accepted },
    );
  }
  const charset = parsed.parameters.charset?.toLowerCase() ?? null;
  if (charset !== null && options.charsets && !options.charsets.some((allowed) => allowed.toLowerCase() === charset)) {
    throw new TesseraError(
      'unsupported-media-type',
      'UNSUPPORTED_CHARSET',
      `The body's charset "${charset}" is not supported here: send it as ${options.charsets.join(' or ')}.`,
      { charset, accepted: options.charsets },
    );
  }
  const length = request.headers['content-length'];
  const contentLength = length !== undefined && /^\d+$/.test(length) ? Number(length) : null;
  return {
    mediaType: parsed.type,
    contentType: header!.trim().toLowerCase() === parsed.type ? parsed.type : normalised(parsed),
    charset,
    contentLength,
    [Symbol.asyncIterator]: () => (request as AsyncIterable<Buffer>)[Symbol.asyncIterator](),
  };
}

const normalised = (parsed: { type: string; parameters: Record<string, string> }) =>
  [parsed.type, ...Object.entries(parsed.parameters).map(([name, value]) => `${name}=${value}`)].join('; ');

const factory = (options: UploadedBodyOptions, context: ExecutionContext): UploadedBodyStream =>
  uploadedBodyOf(context.switchToHttp().getRequest<IncomingMessage>(), options);

/**
 * Injects the request's raw body as an {@link UploadedBodyStream} (a file upload sent as the body itself, e.g.
 * `Content-Type: text/csv`), after the route's access checks and inside its unit of work, and documents it in
 * OpenAPI as a binary body of those types. A request of another type is refused with 415
 * `UNSUPPORTED_MEDIA_TYPE` (or `UNSUPPORTED_CHARSET`) before its body is read.
 *
 * The body streams inside the request's transaction, which holds one database connection until the body has
 * been read: keep a size limit (`FileStore.write({ maxBytes })`, and `contentLength` to refuse an announced
 * oversize body at once). Node's `server.requestTimeout` (300 s by default) bounds a slow client.
 *
 * @example
 * ```ts
 * @Post('imports')
 * @RequirePermissions('contacts.import')
 * async upload(@UploadedBody({ contentTypes: ['text/csv'] }) body: UploadedBodyStream) {
 *   const file = await this.files.write({ name: 'upload.csv', contentType: body.contentType, content: body, maxBytes: 10_000_000 });
 *   return { fileId: file.id };
 * }
 * ```
 */
export function UploadedBody(options: UploadedBodyOptions): ParameterDecorator {
  const parsedByPlatform = options.contentTypes.filter((type) => PARSED_BY_THE_PLATFORM.includes(type.toLowerCase()));
  if (parsedByPlatform.length > 0) {
    throw new Error(`@UploadedBody: the platform parses ${parsedByPlatform.join(', ')} bodies itself; use @Body() with a DTO for them.`);
  }
  const documented = (target: object, key: string | symbol | undefined) => {
    if (key === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, key)!;
    ApiConsumes(...options.contentTypes)(target, key, descriptor);
    ApiBody({ required: true, description: options.description, schema: { type: 'string', format: 'binary' } })(target, key, descriptor);
  };
  return createParamDecorator<UploadedBodyOptions, UploadedBodyStream>(factory, [documented])(options);
}
