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

  describe('failed authentications', () => {
    it('count against the anonymous per-address tier: a flood of forged bearer tokens gets 429 with Retry-After', async () => {
      const user = await createTenantSession(t, { role: 'member' });
      const forged = `${user.accessToken.slice(0, -4)}AAAA`;
      const call = (token: string) => t.http().get('/api/v1/auth/me').set('authorization', `Bearer ${token}`).set('x-forwarded-for', '10.4.0.1');
      for (let i = 0; i < 6; i++) expect((await call(forged).expect(401)).body.error.code).toBe('INVALID_TOKEN');
      const limited = await call(forged).expect(429);
      expect(limited.body.error).toMatchObject({ code: 'RATE_LIMITED', details: { limit: 6, windowSeconds: 60 } });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // While blocked, the address's credentials are refused before they are verified, valid ones included.
      expect((await call(user.accessToken).expect(429)).body.error.code).toBe('RATE_LIMITED');
      // The same token from another address, and the user's own budget, are untouched.
      await t.http().get('/api/v1/auth/me').set(user.headers).set('x-forwarded-for', '10.4.0.2').expect(200);
    });

    it('count wrong API keys and malformed authorization headers too', async () => {
      const admin = await createTenantSession(t, { role: 'admin' });
      const created = await t.http().post('/api/v1/auth/api-keys').set(admin.headers).set('x-forwarded-for', '10.5.0.9').send({ name: 'k', permissions: ['auth.members.read'] }).expect(201);
      const wrongSecret = `${(created.body.secret as string).slice(0, -4)}AAAA`;
      const withKey = () => t.http().get('/api/v1/auth/members').set('x-api-key', wrongSecret).set('x-forwarded-for', '10.5.0.1');
      for (let i = 0; i < 4; i++) expect((await withKey().expect(401)).body.error.code).toBe('INVALID_API_KEY');
      for (let i = 0; i < 2; i++) {
        const malformed = await t.http().get('/api/v1/auth/members').set('authorization', 'Basic Zm9vOmJhcg==').set('x-forwarded-for', '10.5.0.1').expect(401);
        expect(malformed.body.error.code).toBe('UNSUPPORTED_AUTHORIZATION');
      }
      expect((await withKey().expect(429)).body.error.code).toBe('RATE_LIMITED');
      await t.http().get('/api/v1/auth/members').set('x-api-key', created.body.secret).set('x-forwarded-for', '10.5.0.2').expect(200);
    });

    it('share the budget with anonymous calls from the same address', async () => {
      const ip = '10.6.0.1';
      for (let i = 0; i < 4; i++) await t.http().get('/api/v1/auth/jwks.json').set('x-forwarded-for', ip).expect(200);
      const bad = () => t.http().get('/api/v1/auth/me').set('authorization', 'Bearer not-a-token').set('x-forwarded-for', ip);
      for (let i = 0; i < 2; i++) await bad().expect(401);
      await bad().expect(429);
      expect((await t.http().get('/api/v1/auth/jwks.json').set('x-forwarded-for', ip).expect(429)).body.error.code).toBe('RATE_LIMITED');
    });

    it('are the only authenticated calls counted against the address', async () => {
      const [first, second] = [await createTenantSession(t, { role: 'member' }), await createTenantSession(t, { role: 'member' })];
      // 8 authenticated calls from one address (each principal under its own limit of 5), more than the anonymous 6.
      for (const user of [first, second]) {
        for (let i = 0; i < 4; i++) await t.http().get('/api/v1/auth/me').set(user.headers).set('x-forwarded-for', '10.7.0.1').expect(200);
      }
      await t.http().get('/api/v1/auth/jwks.json').set('x-forwarded-for', '10.7.0.1').expect(200);
    });
  });

  it('never limits the health probes', async () => {
    for (let i = 0; i < 10; i++) await t.http().get('/health/live').expect(200);
  });
});
