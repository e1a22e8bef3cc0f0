import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { RequestContext } from '@tessera/module-sdk';

const INCOMING_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Opens the request context for the rest of the request: a request id (the caller's `x-request-id` when
 * it is well-formed, otherwise a fresh UUID), echoed in the response header. No tenant yet: that comes
 * only from verified credentials, later.
 */
export function requestContextMiddleware(request: Request, response: Response, next: NextFunction): void {
  const incoming = request.headers['x-request-id'];
  const requestId = typeof incoming === 'string' && INCOMING_ID.test(incoming) ? incoming : randomUUID();
  (request as Request & { id: string }).id = requestId;
  response.setHeader('x-request-id', requestId);
  RequestContext.run({ requestId, source: 'http' }, () => next());
}
