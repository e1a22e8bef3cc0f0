import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { sendError } from './error-envelope';

/**
 * Security headers (helmet), CORS restricted to configured origins, trusted proxies, and no
 * `x-powered-by`. Swagger UI needs inline styles; everything else keeps helmet's defaults.
 */
export function applyHttpHardening(
  app: INestApplication,
  options: { corsOrigins: readonly string[]; trustProxy: number },
): void {
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  express.set('trust proxy', options.trustProxy);
  express.use(helmet());
  const allowed = new Set(options.corsOrigins);
  express.enableCors({
    origin: (origin, callback) => callback(null, origin === undefined ? false : allowed.has(origin)),
    credentials: true,
    exposedHeaders: ['x-request-id', 'retry-after'],
    maxAge: 600,
  });
  // Express answers unknown verbs itself; keep them in the envelope too.
  express.use((request: { method: string }, response: Parameters<typeof sendError>[0], next: () => void) => {
    if (['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].includes(request.method)) return next();
    sendError(response, { status: 405, code: 'METHOD_NOT_ALLOWED', message: `The method ${request.method} is not supported.` });
  });
}
