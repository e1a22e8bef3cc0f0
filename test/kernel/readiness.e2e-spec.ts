import { defineModule } from '@tessera/module-sdk';
import { createTestDatabase, startTestPlatform, testServices, type TestDatabase, type TestPlatform } from '@tessera/module-sdk/testing';
import { demoAuthModule, demoVitalModule, testToken, vitalHealth } from '../support/demo-modules';
import { startTcpProxyFor, type TcpProxy } from '../support/tcp-proxy';
import { waitFor } from '../support/wait-for';

const admin = testToken({ id: 'ops-1', tenantId: null, permissions: ['platform.modules.read'] });

describe('readiness goes down', () => {
  describe('when a critical module is unhealthy', () => {
    let t: TestPlatform;
    beforeAll(async () => {
      t = await startTestPlatform({ modules: [demoAuthModule, demoVitalModule] });
    });
    afterAll(() => t.close());
    afterEach(() => {
      vitalHealth.mode = 'up';
    });

    const vitalHealthOf = async () => {
      const response = await t.http().get('/api/v1/platform/modules').set('authorization', `Bearer ${admin}`).expect(200);
      return response.body.data.find((m: { name: string }) => m.name === 'demo-vital').health;
    };

    it('is ok (200) while its check is up', async () => {
      const response = await t.http().get('/health/ready').expect(200);
      expect(response.body.status).toBe('ok');
      expect(response.body.modules['demo-vital']).toEqual({ state: 'running', critical: true, status: 'up', checks: { upstream: { status: 'up' } } });
    });

    it('answers 503 down when its check reports down, naming the module and the check; details only for platform admins', async () => {
      vitalHealth.mode = 'down';
      const response = await t.http().get('/health/ready').expect(503);
      expect(response.body.status).toBe('down');
      expect(response.body.checks).toEqual({ postgres: { status: 'up' }, redis: { status: 'up' } });
      expect(response.body.modules['demo-vital']).toEqual({ state: 'running', critical: true, status: 'down', checks: { upstream: { status: 'down' } } });
      expect(JSON.stringify(response.body)).not.toContain('replication stalled');
      expect(await vitalHealthOf()).toEqual({
        state: 'running',
        critical: true,
        status: 'down',
        checks: { upstream: { status: 'down', details: { lagSeconds: 900, reason: 'replication stalled' } } },
      });
    });

    it('answers 503 down when its check throws, with the error for platform admins only', async () => {
      vitalHealth.mode = 'throw';
      const response = await t.http().get('/health/ready').expect(503);
      expect(response.body.modules['demo-vital'].checks).toEqual({ upstream: { status: 'down' } });
      expect((await vitalHealthOf()).checks.upstream).toEqual({ status: 'down', error: 'upstream refused the connection' });
    });

    it('answers 503 down when its check hangs past its timeout', async () => {
      vitalHealth.mode = 'hang';
      const response = await t.http().get('/health/ready').expect(503);
      expect(response.body.modules['demo-vital'].status).toBe('down');
      expect((await vitalHealthOf()).checks.upstream.error).toBe('health check "upstream" did not finish within 300 ms.');
    });
  });

  describe('when PostgreSQL or Redis is unreachable', () => {
    let db: TestDatabase;
    let postgres: TcpProxy;
    let redis: TcpProxy;
    let t: TestPlatform;

    beforeAll(async () => {
      db = await createTestDatabase();
      postgres = await startTcpProxyFor(db.appUrl);
      redis = await startTcpProxyFor(testServices().redisUrl);
      t = await startTestPlatform({
        modules: [],
        database: db,
        // The application's connections go through the proxies; migrations (as the owner) do not.
        env: { DATABASE_URL: postgres.through(db.appUrl), REDIS_URL: redis.through(testServices().redisUrl), HEALTH_CHECK_TIMEOUT_MS: '500' },
      });
    });
    afterAll(async () => {
      await postgres.restore().catch(() => undefined);
      await redis.restore().catch(() => undefined);
      await t.close();
      await db.drop();
      await postgres.close();
      await redis.close();
    });

    const readiness = async () => {
      const response = await t.http().get('/health/ready');
      return { code: response.status, status: response.body.status as string, checks: response.body.checks as Record<string, { status: string }> };
    };

    it('is ok while both answer', async () => {
      expect(await readiness()).toEqual({ code: 200, status: 'ok', checks: { postgres: { status: 'up' }, redis: { status: 'up' } } });
    });

    it('answers 503 down with redis down while Redis is unreachable, and recovers when it is back', async () => {
      await redis.cut();
      expect(await readiness()).toEqual({ code: 503, status: 'down', checks: { postgres: { status: 'up' }, redis: { status: 'down' } } });
      await redis.restore();
      await waitFor(async () => (await readiness()).code === 200, { what: 'readiness after Redis is back', timeoutMs: 15_000 });
    });

    it('answers 503 down with postgres down while PostgreSQL is unreachable, and recovers when it is back', async () => {
      await postgres.cut();
      expect(await readiness()).toEqual({ code: 503, status: 'down', checks: { postgres: { status: 'down' }, redis: { status: 'up' } } });
      await postgres.restore();
      await waitFor(async () => (await readiness()).code === 200, { what: 'readiness after PostgreSQL is back', timeoutMs: 15_000 });
    });
  });

  describe('once shutdown has begun', () => {
    let releaseShutdown: () => void = () => undefined;
    let shutdownStarted: () => void = () => undefined;
    const stopping = new Promise<void>((resolve) => (shutdownStarted = resolve));
    // Test-only: holds the shutdown open (in its onShutdown hook) until the suite has probed readiness.
    const lingeringModule = defineModule({
      name: 'demo-lingering',
      version: '1.0.0',
      platform: '^1.0.0',
      hooks: {
        onShutdown: () =>
          new Promise<void>((resolve) => {
            releaseShutdown = resolve;
            shutdownStarted();
          }),
      },
    });

    it('answers 503 down (process shutting down) while the platform is still stopping', async () => {
      const t = await startTestPlatform({ modules: [lingeringModule], env: { SHUTDOWN_TIMEOUT_MS: '20000' } });
      const before = await t.http().get('/health/ready').expect(200);
      expect(before.body.status).toBe('ok');

      const closed = t.close();
      await stopping;
      const during = await t.http().get('/health/ready').expect(503);
      expect(during.body).toMatchObject({ status: 'down', checks: { process: { status: 'down' }, postgres: { status: 'up' }, redis: { status: 'up' } } });
      releaseShutdown();
      await closed;
    });
  });
});
