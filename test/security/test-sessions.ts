import { createTenantSession } from '@tessera/auth/testing';
import type { TestPlatform } from '@tessera/module-sdk/testing';

/** Callers in tenant A and tenant B. */
export interface TestSessions {
  readonly tenantA: string;
  readonly tenantB: string;
  /** Headers of a fresh session of an owner of the tenant. */
  headersOf(tenant: 'A' | 'B'): Promise<Record<string, string>>;
  /** Headers of one session per tenant kept for reads (a GET never ends a session). */
  readHeadersOf(tenant: 'A' | 'B'): Promise<Record<string, string>>;
}

/**
 * Real sessions through the auth module. Each caller is an owner, so it holds every tenant permission
 * and authorization never hides a leak: only tenant isolation stands between B and A. Every write gets a
 * fresh session because the suite cannot know which routes end the session they are called with (logout,
 * "log out everywhere", password change); reads share one per tenant, which halves the suite's password
 * hashing, its main cost.
 */
export async function createTestSessions(t: TestPlatform): Promise<TestSessions> {
  const a = await createTenantSession(t, { role: 'owner' });
  const b = await createTenantSession(t, { role: 'owner' });
  const tenants = { A: a.tenantId!, B: b.tenantId! };
  const fresh = async (tenant: 'A' | 'B') => ({ ...(await createTenantSession(t, { role: 'owner', tenantId: tenants[tenant] })).headers });
  const readers = new Map<'A' | 'B', Promise<Record<string, string>>>();
  return {
    tenantA: tenants.A,
    tenantB: tenants.B,
    headersOf: fresh,
    readHeadersOf(tenant) {
      if (!readers.has(tenant)) readers.set(tenant, fresh(tenant));
      return readers.get(tenant)!;
    },
  };
}

/**
 * The suite sends several hundred requests from one address in a few seconds; the production rate limits
 * would answer 429 and hide what the routes do. The limits have their own suite.
 */
export const SUITE_ENV = {
  AUTH_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000',
  AUTH_RATE_LIMIT_CREDENTIALS_PER_MINUTE: '100000',
  AUTH_RATE_LIMIT_PRINCIPAL_PER_MINUTE: '100000',
  AUTH_RATE_LIMIT_TENANT_PER_MINUTE: '100000',
} as const;
