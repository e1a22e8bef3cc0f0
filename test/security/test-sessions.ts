import type { TestPlatform } from '@tessera/module-sdk/testing';
import { PERMISSION_CATALOG, type ModuleDefinition, type PermissionCatalog } from '@tessera/module-sdk';
import { demoAuthModule, testToken } from '../support/demo-modules';

/** Request headers of a caller in tenant A and one in tenant B, each holding every tenant permission. */
export interface TestSessions {
  readonly headersOfA: Record<string, string>;
  readonly headersOfB: Record<string, string>;
}

/**
 * How the suite obtains callers. Every permission is granted so that authorization never hides a leak:
 * only tenant isolation stands between B and A's data.
 */
export const testSessions = {
  modules: [demoAuthModule] as readonly ModuleDefinition[],
  async create(t: TestPlatform, tenantA: string, tenantB: string): Promise<TestSessions> {
    const permissions = t.platform.app
      .get<PermissionCatalog>(PERMISSION_CATALOG)
      .tenantPermissions()
      .map((p) => p.key);
    const header = (tenantId: string) => ({ authorization: `Bearer ${testToken({ id: `user-${tenantId}`, tenantId, permissions })}` });
    return { headersOfA: header(tenantA), headersOfB: header(tenantB) };
  },
};
