import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { ReadinessService } from '../health/readiness.service';
import { MetricsRegistry } from '../metrics/metrics.registry';
import { publicReadiness } from '../health/health.controller';
import { createPlatform } from './create-platform';
import type { PlatformOptions } from './platform.types';
import { exitOnBootFailure, shutdownOnSignals } from './process-signals';

function tokenMatches(given: string | undefined, token: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(`Bearer ${token}`);
  return a.length === b.length && timingSafeEqual(a, b);
}

function healthServer(readiness: ReadinessService, metrics: MetricsRegistry, metricsToken: string | undefined): Server {
  return createServer((request, response) => {
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (request.method !== 'GET') return reply(405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'Only GET.', details: null, requestId: 'worker' } });
    if (request.url === '/health/live') return reply(200, { status: 'ok' });
    if (request.url === '/metrics') {
      // The job metrics of this worker (processing durations, attempts) exist only here: Prometheus scrapes workers too.
      if (metricsToken && !tokenMatches(request.headers.authorization, metricsToken)) {
        return reply(401, { error: { code: 'METRICS_TOKEN_REQUIRED', message: 'Scraping metrics requires the configured bearer token.', details: null, requestId: 'worker' } });
      }
      metrics.registry.metrics().then(
        (body) => response.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body),
        () => reply(503, { error: { code: 'METRICS_UNAVAILABLE', message: 'Metrics could not be collected.', details: null, requestId: 'worker' } }),
      );
      return;
    }
    if (request.url === '/health/ready') {
      readiness.check().then(
        (report) => reply(report.status === 'down' ? 503 : 200, publicReadiness(report)),
        () => reply(503, { status: 'down' }),
      );
      return;
    }
    reply(404, { error: { code: 'ROUTE_NOT_FOUND', message: 'Only /health/live, /health/ready and /metrics.', details: null, requestId: 'worker' } });
  });
}

/**
 * Entry point of apps/worker: the same registry as the API without HTTP routes; a small server answers
 * the orchestrator's health probes and Prometheus (/metrics) on WORKER_HEALTH_PORT.
 */
export async function runWorker(options: Omit<PlatformOptions, 'role'>): Promise<void> {
  try {
    const platform = await createPlatform({ ...options, role: 'worker' });
    const { HOST, WORKER_HEALTH_PORT, SHUTDOWN_TIMEOUT_MS } = platform.config.platform;
    const probes = healthServer(platform.app.get(ReadinessService), platform.app.get(MetricsRegistry), platform.config.platform.METRICS_TOKEN);
    shutdownOnSignals(
      async (signal) => {
        probes.close();
        await platform.close(signal);
      },
      { timeoutMs: SHUTDOWN_TIMEOUT_MS, logger: platform.logger },
    );
    probes.listen(WORKER_HEALTH_PORT, HOST);
    platform.logger.info({ healthPort: WORKER_HEALTH_PORT }, 'worker running');
  } catch (error) {
    exitOnBootFailure(error);
  }
}
