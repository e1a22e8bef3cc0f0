import type { NextFunction, Request, Response } from 'express';
import type { MetricsRegistry } from './metrics.registry';

/**
 * Times every request. The route label is the matched route pattern (`/api/v1/contacts/:id`), never the
 * raw URL, and the status is reduced to its class, so series stay bounded.
 */
export function httpMetricsMiddleware(metrics: MetricsRegistry) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const stop = metrics.httpDuration.startTimer();
    response.once('finish', () => {
      const pattern = (request.route as { path?: string } | undefined)?.path;
      stop({
        method: request.method,
        route: pattern ? `${request.baseUrl}${pattern}` : 'unmatched',
        status: `${Math.floor(response.statusCode / 100)}xx`,
      });
    });
    next();
  };
}
