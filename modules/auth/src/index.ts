/**
 * @tessera/auth — identity and access. The registry loads `authModule`; other modules use only the
 * contract below (principals reach them through the SDK's RequestContext; `TENANT_MEMBERS` answers who
 * belongs to the current tenant, for modules that declare `dependsOn: { auth: '^1.0.0' }`).
 */
export { authModule } from './auth.module';
export type { AuthConfig } from './auth.config';
export type { TokenPair } from './sessions/token-pair';
export { TENANT_MEMBERS } from './members/tenant-members.contract';
export type { TenantMembers } from './members/tenant-members.contract';
