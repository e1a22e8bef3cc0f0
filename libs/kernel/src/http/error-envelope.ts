import type { Response } from 'express';
import { RequestContext, type ErrorKind } from '@tessera/module-sdk';

/** The one shape of every error response. */
export interface ErrorEnvelope {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly details: unknown;
    readonly requestId: string;
  };
}

/** An error ready to render: status, stable code, human message, optional details. */
export interface RenderedError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly details?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The one place error kinds become HTTP statuses. Exhaustive: a new kind fails to compile until mapped. */
export function statusOfKind(kind: ErrorKind): number {
  switch (kind) {
    case 'bad-request':
    case 'validation':
      return 400;
    case 'unauthenticated':
      return 401;
    case 'forbidden':
      return 403;
    case 'not-found':
      return 404;
    case 'conflict':
      return 409;
    case 'gone':
      return 410;
    case 'precondition-failed':
      return 412;
    case 'payload-too-large':
      return 413;
    case 'unsupported-media-type':
      return 415;
    case 'unprocessable':
      return 422;
    case 'rate-limited':
      return 429;
    case 'internal':
      return 500;
    case 'unavailable':
      return 503;
    default: {
      const unmapped: never = kind;
      return unmapped;
    }
  }
}

/** The request id of the work in progress, or the one already on the response. */
function currentRequestId(response: Response): string {
  return RequestContext.current()?.requestId ?? String(response.getHeader('x-request-id') ?? 'unknown');
}

/** Writes `rendered` as the error envelope. */
export function sendError(response: Response, rendered: RenderedError): void {
  const body: ErrorEnvelope = {
    error: {
      code: rendered.code,
      message: rendered.message,
      details: rendered.details ?? null,
      requestId: currentRequestId(response),
    },
  };
  for (const [name, value] of Object.entries(rendered.headers ?? {})) response.setHeader(name, value);
  response.status(rendered.status).type('application/json').send(JSON.stringify(body));
}
