import { startTestPlatform, type TestPlatform } from '@tessera/module-sdk/testing';
import { authModule } from '../index';
import { LogMailSender } from '../mail/log-mail-sender';
import type { AuthMail } from '../mail/mail-sender';
import { BootstrapService } from '../platform/bootstrap.service';
import { createTenantSession } from '../testing';
import { AUTH_TEST_ENV } from './auth-test-env';
import { runSql } from './sql';

describe('passwords', () => {
  let t: TestPlatform;
  const mails: AuthMail[] = [];
  const tokenOf = (mail: AuthMail) => /#token=(.+)$/.exec(mail.values.link)![1]!;

  beforeAll(async () => {
    t = await startTestPlatform({ modules: [authModule], env: { ...AUTH_TEST_ENV, TRUST_PROXY: '1', AUTH_LOCKOUT_FREE_ATTEMPTS: '2', AUTH_LOCKOUT_ACCOUNT_MAX_FAILURES: '6' } });
    t.platform.app.get(LogMailSender, { strict: false }).onSend((mail) => mails.push(mail));
  });
  afterAll(() => t.close());
  beforeEach(() => {
    mails.length = 0;
  });

  const login = (session: { tenantSlug: string | null; email: string }, password: string, ip = '10.9.0.1') =>
    t.http().post('/api/v1/auth/login').set('x-forwarded-for', ip).send({ tenant: session.tenantSlug, email: session.email, password });

  it('resets a password with a single-use link, ends every session and clears the lockout', async () => {
    const user = await createTenantSession(t, { role: 'member' });
    for (let i = 0; i < 2; i++) await login(user, 'wrong password', '10.9.1.1').expect(401);
    await login(user, user.password, '10.9.1.1').expect(429);
    await t.http().post('/api/v1/auth/password/forgot').send({ email: user.email }).expect(202);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: user.email, template: 'password-reset' });
    await t.http().post('/api/v1/auth/password/reset').send({ token: tokenOf(mails[0]!), newPassword: 'short' }).expect(400);
    await t.http().post('/api/v1/auth/password/reset').send({ token: tokenOf(mails[0]!), newPassword: 'a brand new password' }).expect(200);
    await t.http().get('/api/v1/auth/me').set(user.headers).expect(401);
    await t.http().post('/api/v1/auth/token/refresh').send({ refreshToken: user.refreshToken }).expect(401);
    await login(user, user.password).expect(401);
    await login(user, 'a brand new password', '10.9.1.1').expect(200);
    expect((await t.http().post('/api/v1/auth/password/reset').send({ token: tokenOf(mails[0]!), newPassword: 'yet another password' }).expect(410)).body.error.code).toBe('RESET_TOKEN_INVALID');
  });

  it('hands the resetting client a device token that passes the account lock when an attacker sets it again', async () => {
    const user = await createTenantSession(t, { role: 'member' });
    // One guess per address (never delayed) until the per-account cap (6 here) locks the account.
    const lockAccount = async (round: number) => {
      for (let i = 0; i < 6; i++) await login(user, `guess ${i}`, `10.9.${10 + round}.${i}`).expect(401);
    };
    await lockAccount(0);
    expect((await login(user, user.password, '10.9.20.1').expect(429)).body.error.code).toBe('LOGIN_TEMPORARILY_LOCKED');
    await t.http().post('/api/v1/auth/password/forgot').send({ email: user.email }).expect(202);
    const reset = await t.http().post('/api/v1/auth/password/reset').send({ token: tokenOf(mails[0]!), newPassword: 'a password after the attack' }).expect(200);
    expect(reset.body).toEqual({ deviceToken: expect.stringMatching(/^tsd_/) });
    await lockAccount(1);
    await login(user, 'a password after the attack', '10.9.20.2').expect(429);
    await t.http()
      .post('/api/v1/auth/login')
      .set('x-forwarded-for', '10.9.20.3')
      .send({ tenant: user.tenantSlug, email: user.email, password: 'a password after the attack', deviceToken: reset.body.deviceToken })
      .expect(200);
  });

  it('ends the device tokens issued before a reset: they no longer pass the account lock, the reset one does', async () => {
    const user = await createTenantSession(t, { role: 'member' });
    const earlier = user.deviceToken;
    const lockAccount = async (round: number) => {
      for (let i = 0; i < 6; i++) await login(user, `guess ${i}`, `10.9.${30 + round}.${i}`).expect(401);
    };
    const withToken = (deviceToken: string, ip: string) =>
      t.http().post('/api/v1/auth/login').set('x-forwarded-for', ip).send({ tenant: user.tenantSlug, email: user.email, password: 'the password after the reset', deviceToken });
    await lockAccount(0);
    await t.http().post('/api/v1/auth/login').set('x-forwarded-for', '10.9.39.1').send({ tenant: user.tenantSlug, email: user.email, password: user.password, deviceToken: earlier }).expect(200);
    await t.http().post('/api/v1/auth/password/forgot').send({ email: user.email }).expect(202);
    // A second later, so the earlier token dates from a second before the reset (tokens carry whole seconds).
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const reset = await t.http().post('/api/v1/auth/password/reset').send({ token: tokenOf(mails[0]!), newPassword: 'the password after the reset' }).expect(200);
    await lockAccount(1);
    expect((await withToken(earlier, '10.9.39.2').expect(429)).body.error.code).toBe('LOGIN_TEMPORARILY_LOCKED');
    await withToken(reset.body.deviceToken as string, '10.9.39.3').expect(200);
  });

  it('refuses an expired reset link and keeps the password; a fresh link still works', async () => {
    const user = await createTenantSession(t, { role: 'member' });
    await t.http().post('/api/v1/auth/password/forgot').send({ email: user.email }).expect(202);
    const expired = tokenOf(mails[0]!);
    // Time passes: the link's lifetime (AUTH_PASSWORD_RESET_TTL_MINUTES) ends a second ago.
    const [row] = await runSql<{ id: string }>(
      t.database.migrationUrl,
      "UPDATE auth_password_resets SET expires_at = now() - interval '1 second' WHERE user_id = (SELECT id FROM auth_users WHERE email = $1) AND used_at IS NULL RETURNING id",
      [user.email],
    );
    expect(row).toBeDefined();
    const refused = await t.http().post('/api/v1/auth/password/reset').send({ token: expired, newPassword: 'a password set too late' }).expect(410);
    expect(refused.body.error).toMatchObject({ code: 'RESET_TOKEN_INVALID', message: expect.stringContaining('has expired') });
    await login(user, 'a password set too late', '10.9.2.1').expect(401);
    await t.http().get('/api/v1/auth/me').set(user.headers).expect(200);

    await t.http().post('/api/v1/auth/password/forgot').send({ email: user.email }).expect(202);
    await t.http().post('/api/v1/auth/password/reset').send({ token: tokenOf(mails[1]!), newPassword: 'a password set in time' }).expect(200);
    await login(user, 'a password set in time', '10.9.2.1').expect(200);
  });

  it('answers a reset request for an unknown email exactly like a known one, and sends nothing', async () => {
    const response = await t.http().post('/api/v1/auth/password/forgot').send({ email: 'nobody@example.test' }).expect(202);
    expect(response.body).toEqual({ status: 'accepted' });
    expect(mails).toHaveLength(0);
  });

  it('changes a password with the current one, ending old sessions and starting a new one', async () => {
    const user = await createTenantSession(t, { role: 'member' });
    const wrong = await t.http().post('/api/v1/auth/password/change').set(user.headers).send({ currentPassword: 'nope', newPassword: 'a changed password' }).expect(403);
    expect(wrong.body.error.code).toBe('CURRENT_PASSWORD_INCORRECT');
    const changed = await t.http().post('/api/v1/auth/password/change').set(user.headers).send({ currentPassword: user.password, newPassword: 'a changed password' }).expect(200);
    await t.http().get('/api/v1/auth/me').set(user.headers).expect(401);
    await t.http().get('/api/v1/auth/me').set('authorization', `Bearer ${changed.body.accessToken}`).expect(200);
    await login(user, 'a changed password').expect(200);
  });

  it('bootstraps a platform admin with a set-password link instead of a password on the command line', async () => {
    const created = await t.platform.app.get(BootstrapService, { strict: false }).createPlatformAdmin('root@example.test');
    expect(created.setPasswordToken).toMatch(/^tsp_/);
    await t.http().post('/api/v1/auth/password/reset').send({ token: created.setPasswordToken, newPassword: 'the root password' }).expect(200);
    const session = await t.http().post('/api/v1/auth/login').send({ email: 'root@example.test', password: 'the root password' }).expect(200);
    expect(session.body.tenantId).toBeNull();
    const again = await t.platform.app.get(BootstrapService, { strict: false }).createPlatformAdmin('root@example.test');
    expect(again).toMatchObject({ created: false, setPasswordToken: null });
  });
});
