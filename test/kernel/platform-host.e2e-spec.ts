import { randomUUID } from 'node:crypto';
import { startTestPlatform, type TestPlatform } from '@tessera/module-sdk/testing';
import { demoAuthModule, demoCatalogModule, demoFlakyModule, demoReviewsModule, testToken } from '../support/demo-modules';

describe('the platform host with demonstration modules', () => {
  let t: TestPlatform;
  const tenantId = randomUUID();
  const admin = testToken({ id: 'ops-1', tenantId: null, permissions: ['platform.modules.read'] });
  const reader = testToken({ id: 'user-1', tenantId, permissions: ['demo-catalog.read', 'demo-flaky.read'] });

  beforeAll(async () => {
    t = await startTestPlatform({
      modules: [demoFlakyModule, demoReviewsModule, demoCatalogModule, demoAuthModule],
      env: { CORS_ORIGINS: 'https://app.example.com', BODY_LIMIT: '1kb' },
    });
  });
  afterAll(() => t.close());

  it('boots in dependency order and keeps going without the failing non-critical module', () => {
    expect(t.platform.registry.all().map((m) => [m.definition.name, m.state])).toEqual([
      ['demo-auth', 'running'],
      ['demo-catalog', 'running'],
      ['demo-flaky', 'failed'],
      ['demo-reviews', 'running'],
    ]);
  });

  it('reports readiness as degraded, with per-module detail, while the failed module is non-critical', async () => {
    const response = await t.http().get('/health/ready').expect(200);
    expect(response.body.status).toBe('degraded');
    expect(response.body.checks).toEqual({ postgres: { status: 'up' }, redis: { status: 'up' } });
    expect(response.body.modules['demo-flaky']).toMatchObject({ state: 'failed', critical: false, status: 'down' });
    expect(response.body.modules['demo-catalog']).toMatchObject({ state: 'running', status: 'up', checks: { 'items-table': { status: 'up' } } });
  });

  it('answers liveness without touching dependencies', async () => {
    await t.http().get('/health/live').expect(200, { status: 'ok' });
  });

  it("answers the failed module's routes with 503 MODULE_UNAVAILABLE", async () => {
    const response = await t.http().get('/api/v1/demo-flaky').set('authorization', `Bearer ${reader}`).expect(503);
    expect(response.body.error).toMatchObject({ code: 'MODULE_UNAVAILABLE', details: { module: 'demo-flaky' } });
  });

  it('lists modules with versions, dependencies, state, health and contributions for a platform admin', async () => {
    const response = await t.http().get('/api/v1/platform/modules').set('authorization', `Bearer ${admin}`).expect(200);
    const reviews = response.body.data.find((m: { name: string }) => m.name === 'demo-reviews');
    expect(reviews).toMatchObject({
      version: '1.0.0',
      state: 'running',
      critical: false,
      dependsOn: [{ name: 'demo-catalog', range: '^1.0.0', present: true }],
      optionalDependsOn: [{ name: 'demo-search', range: '^2.0.0', present: false }],
    });
    expect(reviews.health).toEqual({ state: 'running', critical: false, status: 'up', checks: {} });
    const flaky = response.body.data.find((m: { name: string }) => m.name === 'demo-flaky');
    expect(flaky).toMatchObject({ state: 'failed', error: 'upstream billing API unreachable' });
    expect(flaky.health).toEqual({ state: 'failed', critical: false, status: 'down', checks: {} });
    const catalog = response.body.data.find((m: { name: string }) => m.name === 'demo-catalog');
    expect(catalog.health).toEqual({ state: 'running', critical: true, status: 'up', checks: { 'items-table': { status: 'up' } } });
    expect(catalog.contributes).toMatchObject({
      permissions: ['demo-catalog.read', 'demo-catalog.write'],
      entities: ['CatalogItem'],
      migrations: ['0001-items', '0002-custom-fields'],
      configKeys: ['currency'],
      customFieldTargets: ['demo-catalog-item'],
    });
  });

  it('refuses the module list to anonymous callers and to tenant users', async () => {
    const anonymous = await t.http().get('/api/v1/platform/modules').expect(401);
    expect(anonymous.body.error.code).toBe('AUTHENTICATION_REQUIRED');
    const tenantUser = await t.http().get('/api/v1/platform/modules').set('authorization', `Bearer ${reader}`).expect(403);
    expect(tenantUser.body.error).toMatchObject({ code: 'PERMISSION_DENIED', details: { missing: ['platform.modules.read'] } });
  });

  it('rejects a forged token instead of treating the caller as anonymous', async () => {
    const forged = `${reader.slice(0, -4)}AAAA`;
    const response = await t.http().get('/api/v1/demo-catalog/items').set('authorization', `Bearer ${forged}`).expect(401);
    expect(response.body.error.code).toBe('INVALID_TOKEN');
  });

  it('lets a dependent module use the providers its dependency exports', async () => {
    const token = testToken({ id: 'user-2', tenantId, permissions: ['demo-reviews.read'] });
    await t.http().get('/api/v1/demo-reviews/summary').set('authorization', `Bearer ${token}`).expect(200, { items: 0 });
  });

  describe('the error envelope', () => {
    const writer = testToken({ id: 'user-3', tenantId, permissions: ['demo-catalog.write', 'demo-catalog.read'] });

    it('names every invalid field with a 400', async () => {
      const response = await t
        .http()
        .post('/api/v1/demo-catalog/items')
        .set('authorization', `Bearer ${writer}`)
        .send({ title: '', priceCents: 'free' })
        .expect(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
      expect(response.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['priceCents', 'title']);
      expect(response.body.error.requestId).toBe(response.headers['x-request-id']);
    });

    it('answers malformed JSON with 400 MALFORMED_JSON, not a 500', async () => {
      const response = await t
        .http()
        .post('/api/v1/demo-catalog/items')
        .set('authorization', `Bearer ${writer}`)
        .set('content-type', 'application/json')
        .send('{"title": ')
        .expect(400);
      expect(response.body.error).toMatchObject({ code: 'MALFORMED_JSON', details: null });
    });

    it('answers an oversized body with 413', async () => {
      const response = await t
        .http()
        .post('/api/v1/demo-catalog/items')
        .set('authorization', `Bearer ${writer}`)
        .send({ title: 'x'.repeat(5000), priceCents: 1 })
        .expect(413);
      expect(response.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('answers an unknown route with 404 ROUTE_NOT_FOUND', async () => {
      const response = await t.http().get('/api/v1/nothing-here').expect(404);
      expect(response.body.error.code).toBe('ROUTE_NOT_FOUND');
    });

    it('answers a malformed id with 400, never a 500', async () => {
      const response = await t.http().get('/api/v1/demo-catalog/items/not-a-uuid').set('authorization', `Bearer ${writer}`).expect(400);
      expect(response.body.error).toHaveProperty('code');
      expect(response.body.error).not.toHaveProperty('stack');
    });

    it('keeps a well-formed caller request id and echoes it', async () => {
      const response = await t.http().get('/health/live').set('x-request-id', 'caller-req-12345').expect(200);
      expect(response.headers['x-request-id']).toBe('caller-req-12345');
    });

    it('replaces a malformed caller request id', async () => {
      const response = await t.http().get('/health/live').set('x-request-id', 'bad id with spaces').expect(200);
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('HTTP hardening', () => {
    it('sends security headers and no x-powered-by', async () => {
      const response = await t.http().get('/health/live');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['strict-transport-security']).toBeDefined();
      expect(response.headers['content-security-policy']).toBeDefined();
      expect(response.headers['x-powered-by']).toBeUndefined();
    });

    it('allows CORS only for configured origins', async () => {
      const allowed = await t.http().options('/api/v1/demo-catalog/items').set('origin', 'https://app.example.com').set('access-control-request-method', 'GET');
      expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
      const denied = await t.http().options('/api/v1/demo-catalog/items').set('origin', 'https://evil.example.net').set('access-control-request-method', 'GET');
      expect(denied.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('OpenAPI', () => {
    it('serves the OpenAPI 3 document with every module route', async () => {
      const response = await t.http().get('/docs-json').expect(200);
      expect(response.body.openapi).toMatch(/^3\./);
      expect(Object.keys(response.body.paths)).toEqual(
        expect.arrayContaining(['/api/v1/platform/modules', '/api/v1/demo-catalog/items', '/api/v1/demo-catalog/items/{id}']),
      );
      expect(response.body.components.schemas.ErrorEnvelope).toBeDefined();
    });

    it('serves the documentation UI', async () => {
      const response = await t.http().get('/docs').redirects(1).expect(200);
      expect(response.text).toContain('swagger-ui');
    });
  });
});
