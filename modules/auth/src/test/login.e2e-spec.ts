import { EntityManager } from '@mikro-orm/core';
import { startTestPlatform, type TestPlatform } from '@tessera/module-sdk/testing';
import { authModule } from '../index';
import { PasswordHasher } from '../passwords/password-hasher.service';
import { createPlatformAdminSession, createTenantSession, type TestSession } from '../testing';
import { AUTH_TEST_ENV } from './auth-test-env';
import { runSql } from './sql';

describe('password login', () => {
  let t: TestPlatform;
  let owner: TestSession;
  let outsider: TestSession;
  let ip = 0;
  // Each test gets its own client address, so lockout state of one test never leaks into another.
  const nextIp = () => `10.0.${Math.floor(++ip / 250)}.${ip % 250}`;

  beforeAll(async () => {
    t = await startTestPlatform({ modules: [authModule], env: { ...AUTH_TEST_ENV, TRUST_PROXY: '1', AUTH_LOCKOUT_FREE_ATTEMPTS: '3', AUTH_LOCKOUT_ACCOUNT_MAX_FAILURES: '12' } });
    owner = await createTenantSession(t, { role: 'owner' });
    outsider = await createTenantSession(t, { role: 'member' });
  });
  afterAll(() => t.close());

  const login = (body: Record<string, unknown>, from = nextIp()) => t.http().post('/api/v1/auth/login').set('x-forwarded-for', from).send(body);

  it('logs a member into their tenant and returns a token pair that authenticates', async () => {
    const response = await login({ tenant: owner.tenantSlug, email: owner.email, password: owner.password }).expect(200);
    expect(response.body).toMatchObject({ status: 'authenticated', tokenType: 'Bearer', tenantId: owner.tenantId, userId: owner.userId, expiresIn: 300 });
    expect(response.body.refreshToken).toMatch(/^tsr_/);
    const me = await t.http().get('/api/v1/auth/me').set('authorization', `Bearer ${response.body.accessToken}`).expect(200);
    expect(me.body).toMatchObject({ kind: 'user', id: owner.userId, tenantId: owner.tenantId });
    expect(me.body.permissions).toEqual(expect.arrayContaining(['auth.members.manage', 'audit.read']));
    expect(me.body.permissions.some((p: string) => p.startsWith('platform.'))).toBe(false);
  });

  it('accepts the email in any case and with surrounding spaces', async () => {
    await login({ tenant: owner.tenantSlug, email: `  ${owner.email.toUpperCase()} `, password: owner.password }).expect(200);
  });

  describe('answers every failure the same way', () => {
    const failures: Array<[string, () => Record<string, unknown>]> = [
      ['a wrong password', () => ({ tenant: owner.tenantSlug, email: owner.email, password: 'not the password' })],
      ['an unknown email', () => ({ tenant: owner.tenantSlug, email: 'nobody@example.test', password: owner.password })],
      ['an unknown tenant', () => ({ tenant: 'no-such-tenant', email: owner.email, password: owner.password })],
      ["a tenant the user is not a member of", () => ({ tenant: outsider.tenantSlug, email: owner.email, password: owner.password })],
      ['a platform login by a user who is not a platform admin', () => ({ email: owner.email, password: owner.password })],
    ];
    it.each(failures)('%s: 401 INVALID_CREDENTIALS, nothing else revealed', async (_case, body) => {
      const response = await login(body()).expect(401);
      expect(response.body.error).toEqual({ code: 'INVALID_CREDENTIALS', message: 'The tenant, email or password is not correct.', details: null, requestId: expect.any(String) });
    });

    it('does the same work in every case: one argon2 verification and one membership query', async () => {
      const disabled = await createTenantSession(t, { role: 'member' });
      await runSql(t.database.migrationUrl, "UPDATE auth_users SET status = 'disabled' WHERE id = $1", [disabled.userId]);
      const suspended = await createTenantSession(t, { role: 'member' });
      await runSql(t.database.migrationUrl, "UPDATE tenants SET status = 'suspended' WHERE id = $1", [suspended.tenantId]);
      const member = await createTenantSession(t, { role: 'member' });
      const cases: Array<[string, Record<string, unknown>, number]> = [
        ...failures.map(([name, body]): [string, Record<string, unknown>, number] => [name, body(), 401]).filter(([, body]) => body.tenant !== undefined),
        ['a disabled account', { tenant: disabled.tenantSlug, email: disabled.email, password: disabled.password }, 401],
        ['a suspended tenant', { tenant: suspended.tenantSlug, email: suspended.email, password: suspended.password }, 401],
        ['the right password (success)', { tenant: member.tenantSlug, email: member.email, password: member.password }, 200],
      ];
      // Instruments (calls through): the argon2 verifications and every SQL statement the ORM sends.
      const verify = jest.spyOn(t.platform.app.get(PasswordHasher, { strict: false }), 'verify');
      const execute = jest.spyOn(t.platform.app.get(EntityManager, { strict: false }).getDriver().getConnection(), 'execute');
      const work: Record<string, { verifications: number; membershipQueries: number }> = {};
      try {
        for (const [name, body, status] of cases) {
          verify.mockClear();
          execute.mockClear();
          await login(body).expect(status);
          const membershipQueries = execute.mock.calls.filter(([sql]) => /^select\b.*\bfrom "auth_memberships"/i.test(String(sql))).length;
          work[name] = { verifications: verify.mock.calls.length, membershipQueries };
        }
      } finally {
        verify.mockRestore();
        execute.mockRestore();
      }
      expect(Object.keys(work)).toHaveLength(cases.length);
      for (const name of Object.keys(work)) expect([name, work[name]]).toEqual([name, { verifications: 1, membershipQueries: 1 }]);
    });

    it('a disabled account: the same 401', async () => {
      const disabled = await createTenantSession(t, { role: 'member' });
      await runSql(t.database.migrationUrl, "UPDATE auth_users SET status = 'disabled' WHERE id = $1", [disabled.userId]);
      const response = await login({ tenant: disabled.tenantSlug, email: disabled.email, password: disabled.password }).expect(401);
      expect(response.body.error.code).toBe('INVALID_CREDENTIALS');
    });
  });

  it('refuses malformed input with 400 naming the fields, before any work', async () => {
    const response = await login({ tenant: 'Not A Slug!', email: 'not-an-email', password: '' }).expect(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['email', 'password', 'tenant']);
    await login({ email: owner.email, password: 'x', tenantId: owner.tenantId }).expect(400);
  });

  it('records failed and successful logins in the tenant audit trail, even though the failed request answered 401', async () => {
    const before = await runSql<{ action: string }>(t.database.migrationUrl, 'SELECT action FROM audit_log WHERE tenant_id = $1', [owner.tenantId], owner.tenantId);
    await login({ tenant: owner.tenantSlug, email: owner.email, password: 'wrong wrong wrong' }).expect(401);
    await login({ tenant: owner.tenantSlug, email: owner.email, password: owner.password }).expect(200);
    const after = await runSql<{ action: string; metadata: { email?: string } }>(t.database.migrationUrl, 'SELECT action, metadata FROM audit_log WHERE tenant_id = $1 ORDER BY seq', [owner.tenantId], owner.tenantId);
    const added = after.slice(before.length);
    expect(added.map((row) => row.action)).toEqual(['auth.login-failed', 'auth.login-succeeded']);
    expect(added[0]!.metadata.email).toBe(owner.email);
  });

  it('audit verify passes through the login flows, then fails after a row is altered in SQL by the owner role', async () => {
    const verify = () => t.http().get('/api/v1/audit/verify').set(owner.headers);
    const intact = await verify().expect(200);
    expect(intact.body).toMatchObject({ valid: true, problem: null });
    expect(intact.body.checked).toBeGreaterThanOrEqual(3);
    // Someone with the schema owner's credentials rewrites history: hide a failed login.
    await runSql(t.database.migrationUrl, "UPDATE audit_log SET action = 'auth.login-succeeded' WHERE tenant_id = $1 AND action = 'auth.login-failed'", [owner.tenantId], owner.tenantId);
    const broken = await verify().expect(200);
    expect(broken.body).toMatchObject({ valid: false, problem: { reason: 'altered-entry' } });
  });

  describe('lockout', () => {
    it('delays an account after repeated failures from one address, even for the right password, and recovers after the delay', async () => {
      const victim = await createTenantSession(t, { role: 'member' });
      const from = nextIp();
      const attempt = (password: string) => login({ tenant: victim.tenantSlug, email: victim.email, password }, from);
      for (let i = 0; i < 3; i++) await attempt('wrong password').expect(401);
      const locked = await attempt(victim.password).expect(429);
      expect(locked.body.error).toMatchObject({ code: 'LOGIN_TEMPORARILY_LOCKED', details: { retryAfterSeconds: 1 } });
      expect(locked.headers['retry-after']).toBe('1');
      // Another address is not delayed: an attacker cannot lock the owner out from elsewhere.
      await login({ tenant: victim.tenantSlug, email: victim.email, password: victim.password }).expect(200);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await attempt(victim.password).expect(200);
      // A success clears the counter: the next failure is a plain 401 again, not a delay.
      await attempt('wrong password').expect(401);
      await attempt(victim.password).expect(200);
    });

    it('doubles the delay with each further failure', async () => {
      const victim = await createTenantSession(t, { role: 'member' });
      const from = nextIp();
      const attempt = (password: string) => login({ tenant: victim.tenantSlug, email: victim.email, password }, from);
      for (let i = 0; i < 3; i++) await attempt('wrong password').expect(401);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await attempt('wrong password').expect(401);
      const locked = await attempt(victim.password).expect(429);
      expect(locked.body.error.details.retryAfterSeconds).toBe(2);
    });

    describe('per account, from all addresses (OWASP device tokens)', () => {
      // AUTH_LOCKOUT_ACCOUNT_MAX_FAILURES is 12 here and the per-address delay starts after 3 failures:
      // an attacker rotating addresses makes 3 guesses from each (never delayed), so 4 addresses reach the cap.
      const lockAccount = async (victim: TestSession) => {
        let from = '';
        for (let i = 0; i < 12; i++) {
          if (i % 3 === 0) from = nextIp();
          await login({ tenant: victim.tenantSlug, email: victim.email, password: `guess ${i}` }, from).expect(401);
        }
      };
      const lockedOut = (response: { body: { error: { code: string; details: { retryAfterSeconds: number } } } }) => {
        expect(response.body.error.code).toBe('LOGIN_TEMPORARILY_LOCKED');
        expect(response.body.error.details.retryAfterSeconds).toBeGreaterThan(890); // the 900 s window
      };

      it('locks every client without a device token, whatever its address or password, and audits the lock once', async () => {
        const victim = await createTenantSession(t, { role: 'member' });
        await lockAccount(victim);
        const right = { tenant: victim.tenantSlug, email: victim.email, password: victim.password };
        lockedOut(await login(right).expect(429));
        lockedOut(await login({ ...right, password: 'yet another guess' }).expect(429));
        // A token of another account, or a made-up one, is no device token of this account.
        lockedOut(await login({ ...right, deviceToken: outsider.deviceToken }).expect(429));
        lockedOut(await login({ ...right, deviceToken: `tsd_${'A'.repeat(22)}.${Math.floor(Date.now() / 1000)}.${'A'.repeat(43)}` }).expect(429));
        const audit = await runSql<{ action: string }>(t.database.migrationUrl, "SELECT action FROM audit_log WHERE tenant_id = $1 AND action = 'auth.account-locked'", [victim.tenantId], victim.tenantId);
        expect(audit).toHaveLength(1);
      });

      it('lets a client that logged in before through the lock, from any address, with a fresh device token', async () => {
        const victim = await createTenantSession(t, { role: 'member' });
        const laptop = (await login({ tenant: victim.tenantSlug, email: victim.email, password: victim.password }).expect(200)).body.deviceToken as string;
        expect(laptop).toMatch(/^tsd_/);
        await lockAccount(victim);
        const back = await login({ tenant: victim.tenantSlug, email: victim.email, password: victim.password, deviceToken: laptop }).expect(200);
        expect(back.body.deviceToken).toMatch(/^tsd_/);
        expect(back.body.deviceToken).not.toBe(laptop);
        await login({ tenant: victim.tenantSlug, email: victim.email, password: victim.password, deviceToken: back.body.deviceToken }).expect(200);
        // The lock itself stays for everyone else: the owner's logins do not lift it for the attacker.
        await login({ tenant: victim.tenantSlug, email: victim.email, password: victim.password }).expect(429);
      });

      it('limits a stolen device token to its own few failures, without touching the other devices', async () => {
        const victim = await createTenantSession(t, { role: 'member' });
        const stolen = victim.deviceToken;
        const laptop = (await login({ tenant: victim.tenantSlug, email: victim.email, password: victim.password }).expect(200)).body.deviceToken as string;
        await lockAccount(victim);
        const withStolen = (password: string) => login({ tenant: victim.tenantSlug, email: victim.email, password, deviceToken: stolen });
        for (let i = 0; i < 3; i++) await withStolen(`stolen-token guess ${i}`).expect(401);
        lockedOut(await withStolen(victim.password).expect(429));
        await login({ tenant: victim.tenantSlug, email: victim.email, password: victim.password, deviceToken: laptop }).expect(200);
      });
    });

    it('treats an unknown email exactly like a known one', async () => {
      const from = nextIp();
      for (let i = 0; i < 3; i++) await login({ tenant: owner.tenantSlug, email: 'ghost@example.test', password: 'x' }, from).expect(401);
      await login({ tenant: owner.tenantSlug, email: 'ghost@example.test', password: 'x' }, from).expect(429);
    });
  });

  describe('platform admins', () => {
    it('log in without a tenant and hold platform permissions only', async () => {
      const admin = await createPlatformAdminSession(t);
      const me = await t.http().get('/api/v1/auth/me').set(admin.headers).expect(200);
      expect(me.body.tenantId).toBeNull();
      expect(me.body.permissions.length).toBeGreaterThan(0);
      expect(me.body.permissions.every((p: string) => p.startsWith('platform.'))).toBe(true);
    });

    it('cannot log into a tenant they are not a member of', async () => {
      const admin = await createPlatformAdminSession(t);
      const response = await login({ tenant: owner.tenantSlug, email: admin.email, password: admin.password }).expect(401);
      expect(response.body.error.code).toBe('INVALID_CREDENTIALS');
    });
  });
});
