/**
 * @tessera/kernel — the module registry and the host around it. Apps call `runApi` / `runWorker`;
 * tests and tools call `createPlatform`. Module authors never import this package: they use
 * @tessera/module-sdk.
 */
export { createPlatform } from './bootstrap/create-platform';
export type { Platform, PlatformOptions } from './bootstrap/create-platform';
export { prepareModules } from './bootstrap/prepare-modules';
export type { PreparedModules } from './bootstrap/prepare-modules';
export { runApi } from './bootstrap/run-api';
export { runWorker } from './bootstrap/run-worker';
export { PLATFORM_VERSION } from './platform-version';
export { PLATFORM_PERMISSIONS } from './platform-permissions';
export { ModuleRegistry } from './registry/module-registry';
export type { ModuleRuntime, ModuleState } from './registry/module-registry';
export { ModuleRegistryError } from './registry/registry-problem';
export type { RegistryProblem } from './registry/registry-problem';
export { resolveModuleGraph } from './registry/resolve-module-graph';
export type { LoadedModule } from './registry/loaded-module';
export { ModuleBootError } from './lifecycle/module-boot.error';
export { bootModules, shutdownModules } from './lifecycle/module-lifecycle';
export { PLATFORM_MIGRATIONS } from './tenancy/platform.migrations';
export { Tenant } from './tenancy/tenant.entity';
export { TenantsService } from './tenancy/tenants.service';
export { createLogger } from './logging/create-logger';
export type { RouteDescription } from './registry/check-route-access';
