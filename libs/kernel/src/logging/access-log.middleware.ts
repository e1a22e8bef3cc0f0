import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { RequestContext } from '@tessera/module-sdk';

/** Probes are polled every few seconds by the orchestrator: logging them would drown the useful lines. */
const UNLOGGED_PREFIX = '/health/';

function levelOf(status: number): 'info' | 'warn' | 'error' {
  return status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
}

/**
 * One access-log line per request, written when the response has been sent (or the client went away).
 * It replaces pino-http, which built a child logger and copied the whole request and response (every
 * header, then redacted) for each request: about a tenth of the CPU of a trivial route. The line carries
 * what an operator searches by, and never a header, so credentials cannot reach it.
 *
 * Runs right after the request context middleware: the context object it captures is the one the route
 * access guard later completes with the tenant, and requests refused before Nest (a 405, a malformed
 * body) are logged too.
 */
export function accessLogMiddleware(logger: Logger) {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (request.url.startsWith(UNLOGGED_PREFIX)) return next();
    const started = performance.now();
    const context = RequestContext.current();
    const done = (aborted: boolean) => {
      const status = response.statusCode;
      const line = {
        requestId: context?.requestId,
        tenantId: context?.tenantId,
        req: { method: request.method, url: request.originalUrl },
        res: { statusCode: status },
        responseTime: Math.round(performance.now() - started),
      };
      if (aborted) logger.warn(line, 'request aborted');
      else logger[levelOf(status)](line, 'request completed');
    };
    response.once('finish', () => done(false));
    response.once('close', () => {
      if (!response.writableFinished) done(true);
    });
    next();
  };
}
