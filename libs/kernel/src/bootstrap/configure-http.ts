import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { PlatformConfig } from '@tessera/config';
import type { JobsRuntime } from '@tessera/jobs';
import type { Logger } from 'pino';
import { bodyParsers } from '../http/body-parsers';
import { applyHttpHardening } from '../http/http-hardening';
import { requestContextMiddleware } from '../http/request-context.middleware';
import { accessLogMiddleware } from '../logging/access-log.middleware';
import { httpMetricsMiddleware } from '../metrics/http-metrics.middleware';
import type { MetricsRegistry } from '../metrics/metrics.registry';
import { setupOpenApi } from '../openapi/setup-openapi';
import { API_PREFIX, UNPREFIXED_PATHS } from '../registry/check-route-access';

export function isHttpApp(app: INestApplication | INestApplicationContext): app is INestApplication {
  return 'getHttpServer' in app;
}

/**
 * The Express part of the request pipeline, in the order requests meet it: the request context (ALS and
 * request id) first, so every later log line has the id; the access log; then security headers, CORS and verb checks;
 * the metrics timer; the body parsers (their failures answer in the error envelope); the queue dashboard;
 * then Nest's routes under /api/v1, and the OpenAPI document.
 */
export function configureHttp(app: INestApplication, parts: { platform: PlatformConfig; metrics: MetricsRegistry; jobs: JobsRuntime; logger: Logger }): void {
  const { platform } = parts;
  app.use(requestContextMiddleware);
  app.use(accessLogMiddleware(parts.logger));
  applyHttpHardening(app, { corsOrigins: platform.CORS_ORIGINS, trustProxy: platform.TRUST_PROXY });
  app.use(httpMetricsMiddleware(parts.metrics));
  for (const parser of bodyParsers(platform.BODY_LIMIT)) app.use(parser);
  parts.jobs.mountDashboard(app);
  app.setGlobalPrefix(API_PREFIX, { exclude: [...UNPREFIXED_PATHS] });
  if (platform.DOCS_ENABLED) setupOpenApi(app);
}
