/**
 * @tessera/auth/testing — real sessions for other modules' tests, made through the auth module's own
 * services (argon2, memberships, sessions, signed tokens), never by forging tokens.
 *
 * @example
 * ```ts
 * const t = await startTestPlatform({ modules: [authModule, contactsModule] });
 * const admin = await createTenantSession(t, { role: 'admin' });
 * await t.http().get('/api/v1/contacts').set('authorization', `Bearer ${admin.accessToken}`).expect(200);
 * const other = await createTenantSession(t, { role: 'member' }); // another tenant
 * ```
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/core';
import { RequestContext, TENANT_DIRECTORY, UNIT_OF_WORK, type TenantDirectory, type UnitOfWork } from '@tessera/module-sdk';
import type { TestPlatform } from '@tessera/module-sdk/testing';
import { Membership } from '../entities/membership.entity';
import { User } from '../entities/user.entity';
import { LoginService } from '../login/login.service';
import { PasswordHasher } from '../passwords/password-hasher.service';

/** A logged-in user of a test platform. */
export interface TestSession {
  readonly tenantId: string | null;
  readonly tenantSlug: string | null;
  readonly userId: string;
  readonly email: string;
  readonly password: string;
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly sessionId: string;
  /** The device token the login returned (passes the account-wide login lockout). */
  readonly deviceToken: string;
  /** `{ authorization: 'Bearer …' }`, for supertest's `.set()`. */
  readonly headers: { readonly authorization: string };
}

export interface TenantSessionOptions {
  /** Built-in role or tenant-defined role key. Default `owner`. */
  readonly role?: string;
  /** Join this existing tenant instead of creating one. */
  readonly tenantId?: string;
  readonly email?: string;
  readonly password?: string;
}

type Services = Pick<TestPlatform, 'platform'>;
const get = <T>(t: Services, token: unknown): T => t.platform.app.get(token as never, { strict: false }) as T;
const inContext = <T>(fn: () => Promise<T>) => RequestContext.run({ requestId: `test-${randomUUID()}`, source: 'system' }, fn);

async function createUser(t: Services, email: string, password: string, isPlatformAdmin: boolean): Promise<string> {
  const work = get<UnitOfWork>(t, UNIT_OF_WORK);
  const em = get<EntityManager>(t, EntityManager);
  const passwordHash = await get<PasswordHasher>(t, PasswordHasher).hash(password);
  return work.withoutTenant(async () => {
    const user = em.create(User, { email, passwordHash, isPlatformAdmin });
    await em.flush();
    return user.id;
  });
}

async function logIn(t: Services, tenantSlug: string | null, email: string, password: string) {
  const work = get<UnitOfWork>(t, UNIT_OF_WORK);
  const client = { ip: '127.0.0.1', userAgent: 'tessera-test' };
  return work.withoutTenant(() => get<LoginService>(t, LoginService).login({ tenant: tenantSlug ?? undefined, email, password }, client));
}

/**
 * A user with `role` in a fresh tenant (or in `tenantId`), logged in with a password.
 */
export function createTenantSession(t: Services, options: TenantSessionOptions = {}): Promise<TestSession> {
  return inContext(async () => {
    const tenants = get<TenantDirectory>(t, TENANT_DIRECTORY);
    const suffix = randomBytes(4).toString('hex');
    const tenant = options.tenantId ? await tenants.get(options.tenantId) : await tenants.create({ slug: `t-${suffix}`, name: `Test tenant ${suffix}` });
    const email = options.email ?? `user-${suffix}@example.test`;
    const password = options.password ?? `pw-${randomBytes(12).toString('hex')}`;
    const userId = await createUser(t, email, password, false);
    const em = get<EntityManager>(t, EntityManager);
    await get<UnitOfWork>(t, UNIT_OF_WORK).withTenant(tenant.id, async () => {
      em.create(Membership, { userId, role: options.role ?? 'owner' });
      await em.flush();
    });
    const pair = await logIn(t, tenant.slug, email, password);
    return {
      tenantId: tenant.id,
      tenantSlug: tenant.slug,
      userId,
      email,
      password,
      accessToken: pair.accessToken,
      refreshToken: pair.refreshToken,
      sessionId: pair.sessionId,
      deviceToken: pair.deviceToken,
      headers: { authorization: `Bearer ${pair.accessToken}` },
    };
  });
}

/** A platform admin (no tenant, `platform.*` permissions), logged in with a password. */
export function createPlatformAdminSession(t: Services, options: { email?: string; password?: string } = {}): Promise<TestSession> {
  return inContext(async () => {
    const suffix = randomBytes(4).toString('hex');
    const email = options.email ?? `admin-${suffix}@example.test`;
    const password = options.password ?? `pw-${randomBytes(12).toString('hex')}`;
    const userId = await createUser(t, email, password, true);
    const pair = await logIn(t, null, email, password);
    return {
      tenantId: null,
      tenantSlug: null,
      userId,
      email,
      password,
      accessToken: pair.accessToken,
      refreshToken: pair.refreshToken,
      sessionId: pair.sessionId,
      deviceToken: pair.deviceToken,
      headers: { authorization: `Bearer ${pair.accessToken}` },
    };
  });
}
