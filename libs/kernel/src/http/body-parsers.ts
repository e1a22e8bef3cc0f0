import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { sendError, type RenderedError } from './error-envelope';

function bodyError(error: { type?: string; status?: number; message?: string }, limit: string): RenderedError {
  switch (error.type) {
    case 'entity.parse.failed':
      return { status: 400, code: 'MALFORMED_JSON', message: 'The request body is not valid JSON.' };
    case 'entity.too.large':
      return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: `The request body is larger than the limit of ${limit}.` };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { status: 415, code: 'UNSUPPORTED_ENCODING', message: 'The request body uses an unsupported encoding or charset.' };
    case 'request.aborted':
      return { status: 400, code: 'REQUEST_ABORTED', message: 'The request body was not received completely.' };
    default:
      return { status: error.status && error.status < 500 ? error.status : 400, code: 'BAD_REQUEST', message: 'The request body could not be read.' };
  }
}

function enveloped(parser: RequestHandler, limit: string): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) =>
    parser(request, response, (error?: unknown) => (error ? sendError(response, bodyError(error as { type?: string }, limit)) : next()));
}

/**
 * JSON and form body parsers with a size limit, whose failures (malformed JSON, too large, bad charset)
 * answer in the error envelope with a 4xx instead of Express's HTML page.
 */
export function bodyParsers(limit: string): RequestHandler[] {
  return [
    enveloped(express.json({ limit, strict: true }), limit),
    // Forms are accepted for protocol endpoints such as a SAML assertion consumer.
    enveloped(express.urlencoded({ limit, extended: false }), limit),
  ];
}
