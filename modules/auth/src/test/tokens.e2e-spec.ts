import { generateKeyPairSync, sign } from 'node:crypto';
import { startTestPlatform, type TestPlatform } from '@tessera/module-sdk/testing';
import { authModule } from '../index';
import { SigningKeys } from '../tokens/signing-keys.service';
import { createPlatformAdminSession, createTenantSession, type TestSession } from '../testing';
import { AUTH_TEST_ENV } from './auth-test-env';
import { runSql } from './sql';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('access and refresh tokens', () => {
  let t: TestPlatform;
  let user: TestSession;

  beforeAll(async () => {
    t = await startTestPlatform({ modules: [authModule], env: AUTH_TEST_ENV });
    user = await createTenantSession(t, { role: 'member' });
  });
  afterAll(() => t.close());

  const me = (token: string) => t.http().get('/api/v1/auth/me').set('authorization', `Bearer ${token}`);
  const refresh = (refreshToken: string) => t.http().post('/api/v1/auth/token/refresh').send({ refreshToken });
  const freshSession = () => createTenantSession(t, { role: 'member' });

  it('carries the membership role in the access token, through login and refresh', async () => {
    const session = await freshSession();
    expect((await me(session.accessToken).expect(200)).body).toMatchObject({ roles: ['member'], tenantId: session.tenantId });
    const refreshed = await refresh(session.refreshToken).expect(200);
    expect((await me(refreshed.body.accessToken).expect(200)).body.roles).toEqual(['member']);
    const admin = await createPlatformAdminSession(t);
    expect((await me(admin.accessToken).expect(200)).body.roles).toEqual([]);
  });

  describe('refresh', () => {
    it('rotates: a refresh returns a new pair, and the new refresh token works once more', async () => {
      const session = await freshSession();
      const first = await refresh(session.refreshToken).expect(200);
      expect(first.body.refreshToken).not.toBe(session.refreshToken);
      expect(first.body.sessionId).toBe(session.sessionId);
      await me(first.body.accessToken).expect(200);
      const second = await refresh(first.body.refreshToken).expect(200);
      expect(second.body.refreshToken).not.toBe(first.body.refreshToken);
    });

    it('detects reuse of a replaced refresh token and revokes the whole family, including its newest tokens', async () => {
      const session = await freshSession();
      const rotated = await refresh(session.refreshToken).expect(200);
      const reused = await refresh(session.refreshToken).expect(401);
      expect(reused.body.error.code).toBe('REFRESH_TOKEN_REUSED');
      // The legitimate holder's newest tokens are dead too: the family is over.
      expect((await refresh(rotated.body.refreshToken).expect(401)).body.error.code).toBe('INVALID_REFRESH_TOKEN');
      expect((await me(rotated.body.accessToken).expect(401)).body.error.code).toBe('SESSION_REVOKED');
      const rows = await runSql<{ revoked_reason: string }>(t.database.migrationUrl, 'SELECT revoked_reason FROM auth_sessions WHERE id = $1', [session.sessionId], session.tenantId);
      expect(rows[0]!.revoked_reason).toBe('refresh-token-reused');
      const audit = await runSql<{ action: string }>(t.database.migrationUrl, "SELECT action FROM audit_log WHERE action = 'auth.token-family-revoked' AND target_id = $1", [session.sessionId], session.tenantId);
      expect(audit).toHaveLength(1);
    });

    it('refuses a forged token naming a real session without revoking it', async () => {
      const session = await freshSession();
      const [prefix, ids] = session.refreshToken.split('_');
      await refresh(`${prefix}_${ids}_${'A'.repeat(43)}`).expect(401);
      await refresh(session.refreshToken).expect(200);
    });

    it('ends a session at its absolute lifetime however recently it was refreshed', async () => {
      const session = await freshSession();
      const rotated = await refresh(session.refreshToken).expect(200);
      await runSql(t.database.migrationUrl, "UPDATE auth_sessions SET expires_at = now() - interval '1 second' WHERE id = $1", [session.sessionId], session.tenantId);
      expect((await refresh(rotated.body.refreshToken).expect(401)).body.error.code).toBe('INVALID_REFRESH_TOKEN');
    });

    it('ends a session that was idle too long', async () => {
      const session = await freshSession();
      await runSql(t.database.migrationUrl, "UPDATE auth_sessions SET idle_expires_at = now() - interval '1 second' WHERE id = $1", [session.sessionId], session.tenantId);
      await refresh(session.refreshToken).expect(401);
    });

    it('stops refreshing into a suspended tenant', async () => {
      const session = await freshSession();
      await runSql(t.database.migrationUrl, "UPDATE tenants SET status = 'suspended' WHERE id = $1", [session.tenantId]);
      await refresh(session.refreshToken).expect(401);
    });

    it('refuses garbage with 401 and missing input with 400', async () => {
      await refresh('tsr_nope').expect(401);
      await refresh(`tsr_${'A'.repeat(43)}_${'B'.repeat(43)}`).expect(401);
      await refresh('x'.repeat(600)).expect(400);
      await t.http().post('/api/v1/auth/token/refresh').send({}).expect(400);
    });

    it('works for platform admin sessions too', async () => {
      const admin = await createPlatformAdminSession(t);
      const rotated = await refresh(admin.refreshToken).expect(200);
      expect(rotated.body.tenantId).toBeNull();
      await refresh(admin.refreshToken).expect(401);
      await refresh(rotated.body.refreshToken).expect(401);
    });
  });

  describe('logout', () => {
    it('ends the current session at once: its access and refresh tokens stop working', async () => {
      const session = await freshSession();
      await t.http().post('/api/v1/auth/logout').set(session.headers).expect(204);
      await me(session.accessToken).expect(401);
      await refresh(session.refreshToken).expect(401);
    });

    it('"log out everywhere" ends every session of the user, in every tenant, and none of anyone else', async () => {
      const first = await freshSession();
      const second = await createTenantSession(t, { email: `second-${first.email}`, role: 'member' });
      // The same person in another tenant, logged in there too.
      await runSql(t.database.migrationUrl, 'INSERT INTO auth_memberships (id, tenant_id, user_id, role) VALUES (gen_random_uuid(), $1, $2, $3)', [second.tenantId, first.userId, 'member'], second.tenantId);
      const elsewhere = await t.http().post('/api/v1/auth/login').send({ tenant: second.tenantSlug, email: first.email, password: first.password }).expect(200);
      await t.http().post('/api/v1/auth/logout-all').set(first.headers).expect(204);
      await me(first.accessToken).expect(401);
      await me(elsewhere.body.accessToken).expect(401);
      await refresh(first.refreshToken).expect(401);
      await refresh(elsewhere.body.refreshToken).expect(401);
      await me(second.accessToken).expect(200);
      // Logging in again works: only sessions started before the logout are over.
      const again = await t.http().post('/api/v1/auth/login').send({ tenant: first.tenantSlug, email: first.email, password: first.password }).expect(200);
      await me(again.body.accessToken).expect(200);
    });
  });

  describe('access tokens', () => {
    it('refuses a token whose payload was altered', async () => {
      const [header, payload, signature] = user.accessToken.split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
      const forged = `${header}.${b64({ ...claims, perm: [...claims.perm, 'auth.members.manage'] })}.${signature}`;
      expect((await me(forged).expect(401)).body.error.code).toBe('INVALID_TOKEN');
    });

    it('refuses "alg: none", HMAC and foreign keys', async () => {
      const [, payload] = user.accessToken.split('.');
      const kid = JSON.parse(Buffer.from(user.accessToken.split('.')[0]!, 'base64url').toString()).kid;
      await me(`${b64({ alg: 'none', typ: 'at+jwt', kid })}.${payload}.`).expect(401);
      await me(`${b64({ alg: 'HS256', typ: 'at+jwt', kid })}.${payload}.c2ln`).expect(401);
      const foreign = generateKeyPairSync('ed25519').privateKey;
      const input = `${b64({ alg: 'EdDSA', typ: 'at+jwt', kid })}.${payload}`;
      await me(`${input}.${sign(null, Buffer.from(input), foreign).toString('base64url')}`).expect(401);
    });

    it('refuses an unsupported Authorization scheme rather than treating the call as anonymous', async () => {
      const response = await t.http().get('/api/v1/auth/me').set('authorization', 'Basic dXNlcjpwYXNz').expect(401);
      expect(response.body.error.code).toBe('UNSUPPORTED_AUTHORIZATION');
    });
  });

  describe('signing key rotation', () => {
    it('keeps tokens signed with the old key valid until they expire, signs new ones with the new key, and publishes both', async () => {
      const admin = await createPlatformAdminSession(t);
      const before = await t.http().get('/api/v1/auth/jwks.json').expect(200);
      const oldKid = JSON.parse(Buffer.from(user.accessToken.split('.')[0]!, 'base64url').toString()).kid;
      const rotated = await t.http().post('/api/v1/platform/auth/signing-keys/rotate').set(admin.headers).expect(200);
      expect(rotated.body.kid).not.toBe(oldKid);
      await me(user.accessToken).expect(200);
      const renewed = await createTenantSession(t, { role: 'member' });
      expect(JSON.parse(Buffer.from(renewed.accessToken.split('.')[0]!, 'base64url').toString()).kid).toBe(rotated.body.kid);
      const after = await t.http().get('/api/v1/auth/jwks.json').expect(200);
      expect(after.body.keys.map((k: { kid: string }) => k.kid)).toEqual(expect.arrayContaining([oldKid, rotated.body.kid]));
      expect(after.body.keys.length).toBe(before.body.keys.length + 1);
      expect(after.body.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
      expect(after.body.keys.some((k: Record<string, unknown>) => 'd' in k)).toBe(false);
    });

    it('stops accepting the old key once its verification window has passed', async () => {
      const session = await freshSession();
      const kid = JSON.parse(Buffer.from(session.accessToken.split('.')[0]!, 'base64url').toString()).kid;
      const admin = await createPlatformAdminSession(t);
      await t.http().post('/api/v1/platform/auth/signing-keys/rotate').set(admin.headers).expect(200);
      await me(session.accessToken).expect(200);
      await runSql(t.database.migrationUrl, "UPDATE auth_signing_keys SET verify_until = now() - interval '1 second' WHERE kid = $1", [kid]);
      await t.platform.app.get(SigningKeys, { strict: false }).reload();
      await me(session.accessToken).expect(401);
    });

    it('another replica learns a key rotated elsewhere as soon as it sees a token signed with it', async () => {
      const replica = await startTestPlatform({ modules: [authModule], env: { ...AUTH_TEST_ENV, AUTH_KEY_REFRESH_SECONDS: '3600' }, database: t.database, redisPrefix: t.redisPrefix });
      try {
        const admin = await createPlatformAdminSession(t);
        await t.http().post('/api/v1/platform/auth/signing-keys/rotate').set(admin.headers).expect(200);
        const fresh = await freshSession();
        await replica.http().get('/api/v1/auth/me').set(fresh.headers).expect(200);
        // And revocations made on one replica are seen by the other.
        await t.http().post('/api/v1/auth/logout').set(fresh.headers).expect(204);
        await replica.http().get('/api/v1/auth/me').set(fresh.headers).expect(401);
      } finally {
        await replica.close();
      }
    });

    it('is for platform admins only', async () => {
      const owner = await createTenantSession(t, { role: 'owner' });
      const response = await t.http().post('/api/v1/platform/auth/signing-keys/rotate').set(owner.headers).expect(403);
      expect(response.body.error.code).toBe('PERMISSION_DENIED');
    });
  });
});
