import { PERSONAL_DATA, UNIT_OF_WORK, type PersonalDataDirectory, type UnitOfWork } from '@tessera/module-sdk';
import { startTestPlatform, type TestPlatform } from '@tessera/module-sdk/testing';
import { authModule } from '../index';
import { createTenantSession, type TestSession } from '../testing';
import { AUTH_TEST_ENV } from './auth-test-env';

describe("the auth module's personal data", () => {
  let t: TestPlatform;
  let owner: TestSession;
  let member: TestSession;
  let directory: PersonalDataDirectory;
  let work: UnitOfWork;

  beforeAll(async () => {
    t = await startTestPlatform({ modules: [authModule], env: AUTH_TEST_ENV });
    owner = await createTenantSession(t, { role: 'owner' });
    member = await createTenantSession(t, { role: 'member', tenantId: owner.tenantId! });
    directory = t.platform.app.get(PERSONAL_DATA);
    work = t.platform.app.get(UNIT_OF_WORK);
    await t.http().post('/api/v1/auth/invitations').set(owner.headers).send({ email: 'invitee@example.test', role: 'member' }).expect(201);
  });
  afterAll(() => t.close());

  const inTenant = <T>(fn: () => Promise<T>) => work.withTenant(owner.tenantId!, fn);
  const authRecords = async (email: string) => (await inTenant(() => directory.export({ email }))).find((m) => m.module === 'auth')!.records;

  it('declares its categories in the record of processing', () => {
    expect(directory.categories().find((c) => c.module === 'auth')!.categories.map((c) => c.name)).toEqual(['account', 'memberships', 'sessions', 'invitations']);
  });

  it("exports a member's account, membership and sessions, and an invitee's invitation", async () => {
    const records = await authRecords(member.email);
    expect(records.map((r) => r.type).sort()).toEqual(['account', 'membership', 'session']);
    expect(records.find((r) => r.type === 'session')!.data).toMatchObject({ ip: '127.0.0.1', userAgent: 'tessera-test' });
    expect((await authRecords('invitee@example.test')).map((r) => r.type)).toEqual(['invitation']);
  });

  it('exports nothing about a person who is not in the tenant', async () => {
    const stranger = await createTenantSession(t, { role: 'member' });
    expect(await authRecords(stranger.email)).toEqual([]);
  });

  it('erases a member: sessions end at once, membership and session data are gone, the global account is kept and says why', async () => {
    await t.http().get('/api/v1/auth/me').set(member.headers).expect(200);
    const [result] = (await inTenant(() => directory.erase({ email: member.email }))).filter((m) => m.module === 'auth');
    expect(result!.result.erased).toBeGreaterThanOrEqual(2);
    expect(result!.result.retained.map((r) => r.type).sort()).toEqual(['account', 'audit-entries']);
    await t.http().get('/api/v1/auth/me').set(member.headers).expect(401);
    expect(await authRecords(member.email)).toEqual([]);
    await t.http().get('/api/v1/auth/me').set(owner.headers).expect(200);
  });

  it('erases an invitation', async () => {
    await inTenant(() => directory.erase({ email: 'invitee@example.test' }));
    expect(await authRecords('invitee@example.test')).toEqual([]);
  });

  it("keeps the tenant's last owner and says how to proceed", async () => {
    const [result] = (await inTenant(() => directory.erase({ email: owner.email }))).filter((m) => m.module === 'auth');
    expect(result!.result.retained).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'membership', reason: expect.stringContaining('last owner') })]));
    await t.http().get('/api/v1/auth/me').set(owner.headers).expect(200);
  });
});
