import { startTestPlatform, type TestPlatform } from '@tessera/module-sdk/testing';
import { authModule } from '../index';
import { createTenantSession } from '../testing';
import { AUTH_TEST_ENV } from './auth-test-env';

describe('rate limits', () => {
  let t: TestPlatform;

  beforeAll(async () => {
    t = await startTestPlatform({
      modules: [authModule],
      env: {
        ...AUTH_TEST_ENV,
        TRUST_PROXY: '1',
        AUTH_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '6',
        AUTH_RATE_LIMIT_CREDENTIALS_PER_MINUTE: '3',
        AUTH_RATE_LIMIT_PRINCIPAL_PER_MINUTE: '5',
        AUTH_RATE_LIMIT_TENANT_PER_MINUTE: '8',
      },
    });
  });
  afterAll(() => t.close());

  it('limits credential routes per client address before checking any password, with a 429 envelope and Retry-After', async () => {
    const attempt = (ip: string) => t.http().post('/api/v1/auth/login').set('x-forwarded-for', ip).send({ tenant: 'acme', email: 'a@example.test', password: 'x' });
    for (let i = 0; i < 3; i++) await attempt('10.1.0.1').expect(401);
    const limited = await attempt('10.1.0.1').expect(429);
    expect(limited.body.error).toMatchObject({ code: 'RATE_LIMITED', details: { limit: 3, windowSeconds: 60 } });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another address has its own budget.
    await attempt('10.1.0.2').expect(401);
  });

  it('limits anonymous calls per address across routes', async () => {
    const call = () => t.http().get('/api/v1/auth/jwks.json').set('x-forwarded-for', '10.2.0.1');
    for (let i = 0; i < 6; i++) await call().expect(200);
    expect((await call().expect(429)).body.error.code).toBe('RATE_LIMITED');
  });

  it('limits authenticated calls per principal, whatever address they come from', async () => {
    const user = await createTenantSession(t, { role: 'member' });
    for (let i = 0; i < 5; i++) await t.http().get('/api/v1/auth/me').set(user.headers).set('x-forwarded-for', `10.3.0.${i}`).expect(200);
    await t.http().get('/api/v1/auth/me').set(user.headers).set('x-forwarded-for', '10.3.1.1').expect(429);
    // Another user of another tenant is not affected.
    const other = await createTenantSession(t, { role: 'member' });
    await t.http().get('/api/v1/auth/me').set(other.headers).expect(200);
  });

  it('limits a tenant as a whole, across its principals', async () => {
    const first = await createTenantSession(t, { role: 'member' });
    const second = await createTenantSession(t, { role: 'member', tenantId: first.tenantId! });
    for (let i = 0; i < 4; i++) await t.http().get('/api/v1/auth/me').set(first.headers).expect(200);
    for (let i = 0; i < 4; i++) await t.http().get('/api/v1/auth/me').set(second.headers).expect(200);
    expect((await t.http().get('/api/v1/auth/me').set(second.headers).expect(429)).body.error.code).toBe('RATE_LIMITED');
  });

  it('never limits the health probes', async () => {
    for (let i = 0; i < 10; i++) await t.http().get('/health/live').expect(200);
  });
});
