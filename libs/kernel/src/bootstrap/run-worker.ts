import { createServer, type Server } from 'node:http';
import { ReadinessService } from '../health/readiness.service';
import { publicReadiness } from '../health/health.controller';
import { createPlatform, type PlatformOptions } from './create-platform';
import { exitOnBootFailure, shutdownOnSignals } from './process-signals';

function healthServer(readiness: ReadinessService): Server {
  return createServer((request, response) => {
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (request.method !== 'GET') return reply(405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'Only GET.', details: null, requestId: 'worker' } });
    if (request.url === '/health/live') return reply(200, { status: 'ok' });
    if (request.url === '/health/ready') {
      readiness.check().then(
        (report) => reply(report.status === 'down' ? 503 : 200, publicReadiness(report)),
        () => reply(503, { status: 'down' }),
      );
      return;
    }
    reply(404, { error: { code: 'ROUTE_NOT_FOUND', message: 'Only /health/live and /health/ready.', details: null, requestId: 'worker' } });
  });
}

/**
 * Entry point of apps/worker: the same registry as the API without HTTP routes; a small server answers
 * the orchestrator's health probes on WORKER_HEALTH_PORT.
 */
export async function runWorker(options: Omit<PlatformOptions, 'role'>): Promise<void> {
  try {
    const platform = await createPlatform({ ...options, role: 'worker' });
    const { HOST, WORKER_HEALTH_PORT, SHUTDOWN_TIMEOUT_MS } = platform.config.platform;
    const probes = healthServer(platform.app.get(ReadinessService));
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
