import { Controller, Get, Module } from '@nestjs/common';
import { defineModule } from '@tessera/module-sdk';
import { startTestPlatform, type TestPlatform } from '@tessera/module-sdk/testing';
import { authModule } from '../index';
import { LogMailSender } from '../mail/log-mail-sender';
import type { AuthMail } from '../mail/mail-sender';
import { createPlatformAdminSession, createTenantSession, type TestSession } from '../testing';
import { AUTH_TEST_ENV } from './auth-test-env';
import { runSql } from './sql';

@Controller('forgotten')
class ForgottenController {
  @Get()
  open() {
    return 'should never be served';
  }
}

@Module({ controllers: [ForgottenController] })
class ForgottenNestModule {}

describe('authorization', () => {
  let t: TestPlatform;
  let ownerA: TestSession;
  let adminA: TestSession;
  let memberA: TestSession;
  let ownerB: TestSession;
  const mails: AuthMail[] = [];

  beforeAll(async () => {
    t = await startTestPlatform({ modules: [authModule], env: AUTH_TEST_ENV });
    ownerA = await createTenantSession(t, { role: 'owner' });
    adminA = await createTenantSession(t, { role: 'admin', tenantId: ownerA.tenantId! });
    memberA = await createTenantSession(t, { role: 'member', tenantId: ownerA.tenantId! });
    ownerB = await createTenantSession(t, { role: 'owner' });
    t.platform.app.get(LogMailSender, { strict: false }).onSend((mail) => mails.push(mail));
  });
  afterAll(() => t.close());

  const api = (session: { headers: Record<string, string> } | { key: string }) => {
    const headers = 'key' in session ? { 'x-api-key': session.key } : session.headers;
    return {
      get: (path: string) => t.http().get(`/api/v1${path}`).set(headers),
      post: (path: string, body?: object) => t.http().post(`/api/v1${path}`).set(headers).send(body ?? {}),
      patch: (path: string, body: object) => t.http().patch(`/api/v1${path}`).set(headers).send(body),
      delete: (path: string) => t.http().delete(`/api/v1${path}`).set(headers),
    };
  };
  const membershipOf = async (session: TestSession, as: TestSession) =>
    ((await api(as).get('/auth/members?limit=100').expect(200)).body.data as Array<{ id: string; userId: string }>).find((m) => m.userId === session.userId)!.id;

  it('the platform refuses to boot a module with a route that has no permission marker, and names it', async () => {
    const careless = defineModule({ name: 'careless', version: '1.0.0', platform: '^1.0.0', nestModule: ForgottenNestModule });
    await expect(startTestPlatform({ modules: [authModule, careless], env: AUTH_TEST_ENV })).rejects.toThrow(
      /careless.*route GET \/forgotten \(ForgottenController\.open\) has no access marker/s,
    );
    // The same platform without it boots (the suite's own platform is the proof), and serves no such route.
    await t.http().get('/api/v1/forgotten').set(ownerA.headers).expect(404);
  });

  describe('roles', () => {
    it('gives each built-in role its catalog permissions; the owner holds every tenant permission', async () => {
      const roles = (await api(ownerA).get('/auth/roles').expect(200)).body.data as Array<{ key: string; permissions: string[] }>;
      const of = (key: string) => roles.find((r) => r.key === key)!.permissions;
      const declared = (await api(ownerA).get('/auth/permissions').expect(200)).body.data as Array<{ key: string; defaultRoles?: string[] }>;
      const catalog = declared.map((p) => p.key);
      expect(of('owner').sort()).toEqual([...catalog].sort());
      expect(of('member')).toContain('auth.members.read');
      expect(of('member')).not.toContain('auth.members.manage');
      // read-only holds exactly what declarations grant it (e.g. jobs.read), never a write permission of auth.
      expect(of('read-only').sort()).toEqual(declared.filter((p) => p.defaultRoles?.includes('read-only')).map((p) => p.key).sort());
      expect(of('read-only')).not.toContain('auth.members.manage');
    });

    it('refuses a member what their role lacks', async () => {
      await api(memberA).get('/auth/members').expect(200);
      expect((await api(memberA).post('/auth/invitations', { email: 'x@example.test', role: 'member' }).expect(403)).body.error.code).toBe('PERMISSION_DENIED');
    });

    it('lets an admin define a role within their own permissions, assign it, and the member gets exactly it at the next refresh', async () => {
      const role = await api(adminA).post('/auth/roles', { key: 'auditor', name: 'Auditor', permissions: ['audit.read', 'auth.members.read'] }).expect(201);
      const subject = await createTenantSession(t, { role: 'member', tenantId: ownerA.tenantId! });
      await api(adminA).patch(`/auth/members/${await membershipOf(subject, adminA)}`, { role: 'auditor' }).expect(200);
      const renewed = await t.http().post('/api/v1/auth/token/refresh').send({ refreshToken: subject.refreshToken }).expect(200);
      const me = await t.http().get('/api/v1/auth/me').set('authorization', `Bearer ${renewed.body.accessToken}`).expect(200);
      expect(me.body.permissions).toEqual(['audit.read', 'auth.members.read']);
      await api(adminA).delete(`/auth/roles/${role.body.id}`).expect(409);
    });

    it('refuses unknown and platform permissions in a role', async () => {
      const response = await api(ownerA).post('/auth/roles', { key: 'sneaky', name: 'Sneaky', permissions: ['platform.tenants.manage'] }).expect(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
    });

    it('never lets an admin make anyone an owner, nor demote the last owner', async () => {
      const subject = await createTenantSession(t, { role: 'member', tenantId: ownerA.tenantId! });
      const id = await membershipOf(subject, adminA);
      expect((await api(adminA).patch(`/auth/members/${id}`, { role: 'owner' }).expect(403)).body.error.code).toBe('OWNER_ROLE_RESERVED');
      expect((await api(adminA).patch(`/auth/members/${await membershipOf(ownerA, adminA)}`, { role: 'member' }).expect(403)).body.error.code).toBe('OWNER_ROLE_RESERVED');
      expect((await api(ownerA).patch(`/auth/members/${await membershipOf(ownerA, ownerA)}`, { role: 'member' }).expect(409)).body.error.code).toBe('LAST_OWNER');
    });
  });

  describe('tenant separation', () => {
    it("answers 404 when a tenant admin names another tenant's member, role, invitation or API key, and changes nothing", async () => {
      const memberOfB = await membershipOf(ownerB, ownerB);
      const roleOfB = (await api(ownerB).post('/auth/roles', { key: 'b-role', name: 'B', permissions: ['audit.read'] }).expect(201)).body.id;
      const invitationOfB = (await api(ownerB).post('/auth/invitations', { email: 'someone@example.test', role: 'member' }).expect(201)).body.id;
      const keyOfB = (await api(ownerB).post('/auth/api-keys', { name: 'B key', permissions: ['audit.read'] }).expect(201)).body.key.id;
      expect((await api(ownerA).patch(`/auth/members/${memberOfB}`, { role: 'member' }).expect(404)).body.error.code).toBe('MEMBER_NOT_FOUND');
      await api(ownerA).delete(`/auth/members/${memberOfB}`).expect(404);
      await api(ownerA).patch(`/auth/roles/${roleOfB}`, { name: 'taken' }).expect(404);
      await api(ownerA).delete(`/auth/roles/${roleOfB}`).expect(404);
      await api(ownerA).delete(`/auth/invitations/${invitationOfB}`).expect(404);
      await api(ownerA).delete(`/auth/api-keys/${keyOfB}`).expect(404);
      const listed = (await api(ownerA).get('/auth/members?limit=100').expect(200)).body.data;
      expect(listed.every((m: { userId: string }) => m.userId !== ownerB.userId)).toBe(true);
      expect((await api(ownerB).get('/auth/members').expect(200)).body.data[0].role).toBe('owner');
    });

    it('refuses tenant principals every platform route, whatever their role', async () => {
      const response = await api(ownerA).post('/platform/tenants', { slug: 'evil', name: 'Evil', ownerEmail: 'e@example.test' }).expect(403);
      expect(response.body.error.code).toBe('PERMISSION_DENIED');
      await api(ownerA).get('/platform/modules').expect(403);
    });

    it('lets no header or query parameter choose the tenant: it comes from the credential only', async () => {
      const response = await t.http().get(`/api/v1/auth/members?tenantId=${ownerB.tenantId}&tenant=${ownerB.tenantSlug}`).set({ ...ownerA.headers, 'x-tenant-id': ownerB.tenantId!, 'x-tenant': ownerB.tenantSlug! }).expect(200);
      expect(response.body.data.every((m: { userId: string }) => m.userId !== ownerB.userId)).toBe(true);
      const members = await t.http().get('/api/v1/auth/members').set({ ...ownerA.headers, 'x-tenant-id': ownerB.tenantId! }).expect(200);
      expect(members.body.data.every((m: { userId: string }) => m.userId !== ownerB.userId)).toBe(true);
      await t.http().get('/api/v1/auth/members').set({ 'x-tenant-id': ownerB.tenantId! }).expect(401);
    });

    it('lets a platform admin create a tenant whose first owner joins through the invitation', async () => {
      const admin = await createPlatformAdminSession(t);
      const created = await api(admin).post('/platform/tenants', { slug: 'initech', name: 'Initech', ownerEmail: 'Bill@Initech.test' }).expect(201);
      expect(created.body.tenant).toMatchObject({ slug: 'initech', status: 'active' });
      expect(created.body.ownerInvitation).toMatchObject({ email: 'bill@initech.test', role: 'owner', token: expect.stringMatching(/^tsi_/) });
      await t.http().post('/api/v1/auth/invitations/accept').send({ token: created.body.ownerInvitation.token, password: 'a long enough password' }).expect(201);
      const login = await t.http().post('/api/v1/auth/login').send({ tenant: 'initech', email: 'bill@initech.test', password: 'a long enough password' }).expect(200);
      expect(login.body.tenantId).toBe(created.body.tenant.id);
      // Single use.
      expect((await t.http().post('/api/v1/auth/invitations/accept').send({ token: created.body.ownerInvitation.token }).expect(410)).body.error.code).toBe('INVITATION_INVALID');
      await api(admin).post('/platform/tenants', { slug: 'initech', name: 'Again', ownerEmail: 'x@initech.test' }).expect(409);
    });
  });

  describe('invitations', () => {
    it('mails a single-use link; accepting creates the account and membership with the role', async () => {
      mails.length = 0;
      await api(adminA).post('/auth/invitations', { email: 'New.Person@example.test', role: 'member' }).expect(201);
      expect(mails).toHaveLength(1);
      const token = /#token=(.+)$/.exec(mails[0]!.values.link)![1]!;
      await t.http().post('/api/v1/auth/invitations/accept').send({ token }).expect(400);
      await t.http().post('/api/v1/auth/invitations/accept').send({ token, password: 'another long password', displayName: 'New Person' }).expect(201);
      await t.http().post('/api/v1/auth/invitations/accept').send({ token, password: 'another long password' }).expect(410);
      const login = await t.http().post('/api/v1/auth/login').send({ tenant: ownerA.tenantSlug, email: 'new.person@example.test', password: 'another long password' }).expect(200);
      expect(login.body.tenantId).toBe(ownerA.tenantId);
    });

    it('refuses an expired invitation and creates nothing; one still in its lifetime is accepted', async () => {
      mails.length = 0;
      const created = await api(adminA).post('/auth/invitations', { email: 'late@example.test', role: 'member' }).expect(201);
      const token = /#token=(.+)$/.exec(mails[0]!.values.link)![1]!;
      // Time passes: the invitation's lifetime (AUTH_INVITATION_TTL_HOURS) ends a second ago.
      const expired = await runSql(t.database.migrationUrl, "UPDATE auth_invitations SET expires_at = now() - interval '1 second' WHERE id = $1 RETURNING id", [created.body.id], ownerA.tenantId);
      expect(expired).toHaveLength(1);
      const refused = await t.http().post('/api/v1/auth/invitations/accept').send({ token, password: 'a long enough password' }).expect(410);
      expect(refused.body.error).toMatchObject({ code: 'INVITATION_INVALID', message: expect.stringContaining('has expired') });
      await t.http().post('/api/v1/auth/login').send({ tenant: ownerA.tenantSlug, email: 'late@example.test', password: 'a long enough password' }).expect(401);
      expect(await runSql(t.database.migrationUrl, "SELECT 1 FROM auth_users WHERE email = 'late@example.test'")).toHaveLength(0);

      // Just inside its lifetime, the same kind of link works.
      await runSql(t.database.migrationUrl, "UPDATE auth_invitations SET expires_at = now() + interval '5 seconds' WHERE id = $1", [created.body.id], ownerA.tenantId);
      await t.http().post('/api/v1/auth/invitations/accept').send({ token, password: 'a long enough password' }).expect(201);
    });

    it('refuses a revoked or tampered invitation', async () => {
      mails.length = 0;
      const created = await api(adminA).post('/auth/invitations', { email: 'revoked@example.test', role: 'member' }).expect(201);
      const token = /#token=(.+)$/.exec(mails[0]!.values.link)![1]!;
      await t.http().post('/api/v1/auth/invitations/accept').send({ token: `${token.slice(0, -3)}AAA`, password: 'long long password' }).expect(410);
      await api(adminA).delete(`/auth/invitations/${created.body.id}`).expect(204);
      await t.http().post('/api/v1/auth/invitations/accept').send({ token, password: 'long long password' }).expect(410);
    });
  });

  describe('API keys', () => {
    let key: string;
    let keyId: string;

    beforeAll(async () => {
      const created = await api(adminA).post('/auth/api-keys', { name: 'Reader', permissions: ['auth.members.read'] }).expect(201);
      key = created.body.secret;
      keyId = created.body.key.id;
      expect(created.body.key).not.toHaveProperty('secretHash');
    });

    it('authenticates as an api-key principal of its tenant, through either header', async () => {
      const me = await api({ key }).get('/auth/me').expect(200);
      expect(me.body).toMatchObject({ kind: 'api-key', id: keyId, tenantId: ownerA.tenantId, permissions: ['auth.members.read'] });
      await t.http().get('/api/v1/auth/members').set('authorization', `Bearer ${key}`).expect(200);
    });

    it('is limited to its scopes', async () => {
      await api({ key }).get('/auth/members').expect(200);
      expect((await api({ key }).get('/audit/entries').expect(403)).body.error.code).toBe('PERMISSION_DENIED');
      await api({ key }).post('/auth/api-keys', { name: 'child', permissions: ['auth.members.read'] }).expect(403);
    });

    it('can never hold more than its creator holds', async () => {
      const response = await api(memberA).post('/auth/api-keys', { name: 'x', permissions: ['auth.members.read'] }).expect(403);
      expect(response.body.error.code).toBe('PERMISSION_DENIED');
      const custom = await api(ownerA).post('/auth/roles', { key: 'key-maker', name: 'Key maker', permissions: ['auth.api-keys.manage', 'auth.members.read'] }).expect(201);
      expect(custom.status).toBe(201);
      const maker = await createTenantSession(t, { role: 'key-maker', tenantId: ownerA.tenantId! });
      const beyond = await api(maker).post('/auth/api-keys', { name: 'x', permissions: ['auth.members.manage'] }).expect(403);
      expect(beyond.body.error).toMatchObject({ code: 'API_KEY_SCOPE_EXCEEDS_CREATOR', details: { permissions: ['auth.members.manage'] } });
    });

    it('records when it was last used, and stops working once revoked or expired', async () => {
      const listed = (await api(adminA).get('/auth/api-keys').expect(200)).body.data.find((k: { id: string }) => k.id === keyId);
      expect(listed.lastUsedAt).not.toBeNull();
      const temporary = await api(adminA).post('/auth/api-keys', { name: 'Temp', permissions: ['auth.members.read'], expiresAt: new Date(Date.now() + 1500).toISOString() }).expect(201);
      await api({ key: temporary.body.secret }).get('/auth/me').expect(200);
      await new Promise((resolve) => setTimeout(resolve, 1600));
      expect((await api({ key: temporary.body.secret }).get('/auth/me').expect(401)).body.error.code).toBe('INVALID_API_KEY');
      await api(adminA).delete(`/auth/api-keys/${keyId}`).expect(204);
      await api({ key }).get('/auth/me').expect(401);
    });

    it('refuses a key with a wrong secret, and both headers at once', async () => {
      const other = (await api(adminA).post('/auth/api-keys', { name: 'Other', permissions: ['auth.members.read'] }).expect(201)).body.secret as string;
      await api({ key: `${other.slice(0, -4)}AAAA` }).get('/auth/me').expect(401);
      expect((await t.http().get('/api/v1/auth/me').set({ 'x-api-key': other, authorization: `Bearer ${ownerA.accessToken}` }).expect(401)).body.error.code).toBe('AMBIGUOUS_CREDENTIALS');
    });
  });
});
