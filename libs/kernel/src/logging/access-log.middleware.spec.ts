import { Writable } from 'node:stream';
import express from 'express';
import request from 'supertest';
import { RequestContext } from '@tessera/module-sdk';
import { requestContextMiddleware } from '../http/request-context.middleware';
import { accessLogMiddleware } from './access-log.middleware';
import { createLogger } from './create-logger';

describe('access log', () => {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({ write: (chunk, _encoding, done) => done(void lines.push(JSON.parse(String(chunk)) as Record<string, unknown>)) });
  const app = express();
  app.use(requestContextMiddleware);
  app.use(accessLogMiddleware(createLogger({ level: 'info', destination })));
  app.get('/health/live', (_req, res) => void res.send('ok'));
  app.get('/tenant', (_req, res) => {
    // As the route access guard does, later in the pipeline: it completes the request's context.
    RequestContext.current()!.tenantId = '00000000-0000-4000-8000-000000000001';
    res.send('ok');
  });
  app.get('/missing', (_req, res) => void res.status(404).send('no'));
  app.get('/broken', (_req, res) => void res.status(500).send('no'));

  beforeEach(() => (lines.length = 0));

  const completed = () => lines.filter((line) => line.msg === 'request completed');

  it('writes one line per request with its id, tenant, method, URL, status and time, and no header', async () => {
    const response = await request(app).get('/tenant?x=1').set('authorization', 'Bearer secret-token').expect(200);
    expect(completed()).toEqual([
      expect.objectContaining({
        level: 'info',
        requestId: response.headers['x-request-id'],
        tenantId: '00000000-0000-4000-8000-000000000001',
        req: { method: 'GET', url: '/tenant?x=1' },
        res: { statusCode: 200 },
        responseTime: expect.any(Number),
      }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('secret-token');
  });

  it('logs 4xx at warn and 5xx at error', async () => {
    await request(app).get('/missing').expect(404);
    await request(app).get('/broken').expect(500);
    expect(completed().map((line) => [line.res, line.level])).toEqual([
      [{ statusCode: 404 }, 'warn'],
      [{ statusCode: 500 }, 'error'],
    ]);
  });

  it('does not log the probes under /health/', async () => {
    await request(app).get('/health/live').expect(200);
    expect(lines).toEqual([]);
  });
});
