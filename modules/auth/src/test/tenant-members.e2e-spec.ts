import { randomUUID } from 'node:crypto';
import { UNIT_OF_WORK, type UnitOfWork } from '@tessera/module-sdk';
import { startTestPlatform, type TestPlatform } from '@tessera/module-sdk/testing';
import { authModule, TENANT_MEMBERS, type TenantMembers } from '../index';
import { createTenantSession, type TestSession } from '../testing';
import { AUTH_TEST_ENV } from './auth-test-env';
import { runSql } from './sql';

/** TENANT_MEMBERS: the contract other modules use to check that a user id belongs to the current tenant. */
describe('the TENANT_MEMBERS contract', () => {
  let t: TestPlatform;
  let owner: TestSession;
  let member: TestSession;
  let stranger: TestSession;
  let members: TenantMembers;
  let work: UnitOfWork;
  const isMember = (userId: string, tenantId = owner.tenantId!) => work.withTenant(tenantId, () => members.isMember(userId));

  beforeAll(async () => {
    t = await startTestPlatform({ modules: [authModule], env: AUTH_TEST_ENV });
    owner = await createTenantSession(t, { role: 'owner' });
    member = await createTenantSession(t, { role: 'read-only', tenantId: owner.tenantId! });
    stranger = await createTenantSession(t, { role: 'owner' });
    members = t.platform.app.get<TenantMembers>(TENANT_MEMBERS, { strict: false });
    work = t.platform.app.get<UnitOfWork>(UNIT_OF_WORK);
  });
  afterAll(() => t?.close());

  it('answers true for active members of the current tenant, whatever their role', async () => {
    expect(await isMember(owner.userId)).toBe(true);
    expect(await isMember(member.userId)).toBe(true);
  });

  it("answers false for another tenant's member, an unknown id and a string that is not an id", async () => {
    expect(await isMember(stranger.userId)).toBe(false);
    expect(await isMember(owner.userId, stranger.tenantId!)).toBe(false);
    expect(await isMember(randomUUID())).toBe(false);
    expect(await isMember("1' OR '1'='1")).toBe(false);
  });

  it('answers false for a suspended membership', async () => {
    const suspended = await createTenantSession(t, { role: 'member', tenantId: owner.tenantId! });
    await runSql(t.database.migrationUrl, "UPDATE auth_memberships SET status = 'suspended' WHERE user_id = $1", [suspended.userId], owner.tenantId!);
    expect(await isMember(suspended.userId)).toBe(false);
  });
});
