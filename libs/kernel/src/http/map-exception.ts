import { HttpException } from '@nestjs/common';
import { DriverException } from '@mikro-orm/core';
import { TesseraError } from '@tessera/module-sdk';
import { ZodValidationException } from 'nestjs-zod';
import type { z } from 'zod';
import { statusOfKind, type RenderedError } from './error-envelope';

const DEFAULT_CODES: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  412: 'PRECONDITION_FAILED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

// PostgreSQL errors a caller can cause with bad input or a race; anything else stays a 500.
const DATABASE_ERRORS: Readonly<Record<string, Omit<RenderedError, 'details'>>> = {
  '22P02': { status: 400, code: 'INVALID_INPUT', message: 'A value in the request has the wrong format.' },
  '22007': { status: 400, code: 'INVALID_INPUT', message: 'A date or time in the request is not valid.' },
  '22008': { status: 400, code: 'INVALID_INPUT', message: 'A date or time in the request is out of range.' },
  '22003': { status: 400, code: 'INVALID_INPUT', message: 'A number in the request is out of range.' },
  '22001': { status: 400, code: 'INVALID_INPUT', message: 'A value in the request is too long.' },
  '23502': { status: 400, code: 'INVALID_INPUT', message: 'A required value is missing.' },
  '23505': { status: 409, code: 'ALREADY_EXISTS', message: 'A resource with the same unique value already exists.' },
  '23503': { status: 409, code: 'REFERENCE_CONFLICT', message: 'The request refers to something that does not exist, or something still refers to it.' },
  '42501': { status: 403, code: 'FORBIDDEN', message: 'This operation is not permitted.' },
  '40001': { status: 409, code: 'CONCURRENT_UPDATE', message: 'A concurrent change conflicted with this request; retry it.' },
  '40P01': { status: 409, code: 'CONCURRENT_UPDATE', message: 'A concurrent change conflicted with this request; retry it.' },
};

/** Turns zod issues into `[{ field, message }]`. */
export function fieldProblems(error: z.ZodError): Array<{ field: string; message: string }> {
  return error.issues.map((issue) => ({ field: issue.path.map(String).join('.') || '(body)', message: issue.message }));
}

/**
 * Maps anything thrown while serving a request to the error envelope. Unknown errors become a generic
 * 500 whose details never leave the server (the caller gets the request id to quote).
 */
export function mapException(exception: unknown): RenderedError & { expected: boolean } {
  if (exception instanceof TesseraError) {
    const status = statusOfKind(exception.kind);
    // A rate-limited error that says when to come back gets the standard header too.
    const retryAfter = exception.kind === 'rate-limited' ? (exception.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds : undefined;
    return {
      status,
      code: exception.code,
      message: exception.message,
      details: exception.details,
      headers: typeof retryAfter === 'number' ? { 'Retry-After': String(Math.max(1, Math.ceil(retryAfter))) } : undefined,
      expected: exception.kind !== 'internal',
    };
  }
  if (exception instanceof ZodValidationException) {
    const zodError = exception.getZodError() as z.ZodError;
    return {
      status: 400,
      code: 'VALIDATION_FAILED',
      message: 'The request has invalid fields.',
      details: fieldProblems(zodError),
      expected: true,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    const bodyCode = typeof body === 'object' && body !== null && 'code' in body ? String((body as { code: unknown }).code) : undefined;
    const routeMissing = status === 404 && /^Cannot [A-Z]+ /.test(exception.message);
    const retryAfter = typeof body === 'object' && body !== null && 'retryAfter' in body ? String((body as { retryAfter: unknown }).retryAfter) : undefined;
    return {
      status,
      code: bodyCode ?? (routeMissing ? 'ROUTE_NOT_FOUND' : (DEFAULT_CODES[status] ?? `HTTP_${status}`)),
      message: routeMissing ? 'No route matches this method and path.' : status >= 500 ? 'The service could not handle the request.' : exception.message,
      headers: retryAfter ? { 'Retry-After': retryAfter } : undefined,
      expected: status < 500,
    };
  }
  if (exception instanceof DriverException && exception.code && DATABASE_ERRORS[exception.code]) {
    return { ...DATABASE_ERRORS[exception.code]!, expected: true };
  }
  return {
    status: 500,
    code: 'INTERNAL_ERROR',
    message: 'An unexpected error occurred. Quote the request id when you report it.',
    expected: false,
  };
}
