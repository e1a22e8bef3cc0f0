/**
 * @tessera/kernel — the module registry and the host around it. Apps call `runApi` / `runWorker`;
 * tests and tools call `createPlatform`. Module authors never import this package: they use
 * @tessera/module-sdk.
 */
export { createPlatform } from './bootstrap/create-platform';
export type { Platform, PlatformOptions, PlatformPorts, PlatformRole } from './bootstrap/platform.types';
export { prepareModules } from './bootstrap/prepare-modules';
export type { PreparedModules } from './bootstrap/prepare-modules';
export { runApi } from './bootstrap/run-api';
export { runWorker } from './bootstrap/run-worker';
export { runCli } from './cli/run-cli';
export { ModuleContexts } from './registry/module-contexts';
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
export { MODULE_ENABLEMENT, AllModulesEnabled } from './tenancy/module-enablement';
export type { ModuleEnablement } from './tenancy/module-enablement';
export { ROOT_LOGGER } from './bootstrap/kernel.tokens';
export { PlatformSettings } from './bootstrap/platform-settings';
export { MetricsRegistry } from './metrics/metrics.registry';
export { REDIS_CONNECTION } from './redis/redis.tokens';
export { KERNEL_TENANT_PERMISSIONS } from './platform-permissions';
