import { MikroORM } from '@mikro-orm/core';
import { Module, type DynamicModule } from '@nestjs/common';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { AUDIT_PROVIDERS } from '@tessera/audit';
import { filesProviders } from '@tessera/files';
import { FLAGS_OPTIONS, FLAGS_PROVIDERS } from '@tessera/flags';
import { CUSTOM_FIELD_TARGETS, PERMISSION_CATALOG, PERSONAL_DATA, TENANT_DIRECTORY, UNIT_OF_WORK, type UnitOfWork } from '@tessera/module-sdk';
import { TenantScope } from '@tessera/persistence';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { AuthenticatorRef } from '../http/authenticator-ref';
import { MetricsRegistry } from '../metrics/metrics.registry';
import { ModuleContexts } from '../registry/module-contexts';
import { ModuleRegistry } from '../registry/module-registry';
import { StaticPermissionCatalog } from '../registry/permission-catalog';
import { StaticCustomFieldTargetCatalog } from '../registry/custom-field-target-catalog';
import { ModulePersonalDataDirectory } from '../personal-data/personal-data-directory';
import { REDIS_CONNECTION } from '../redis/redis.tokens';
import { TenantsService } from '../tenancy/tenants.service';
import { flagsOptions } from '../flags-api/flags-options';
import { filesSettings } from '../files/files-wiring';
import { MODULE_ENABLEMENT, type ModuleEnablement } from '../tenancy/module-enablement';
import type { JobsRuntime } from '@tessera/jobs';
import { SearchRuntime } from '@tessera/search';
import { ROOT_LOGGER } from './kernel.tokens';
import { PlatformSettings } from './platform-settings';

export interface PlatformCoreValues {
  readonly registry: ModuleRegistry;
  readonly settings: PlatformSettings;
  /** @nestjs/config's module over the validated configuration (platformConfigModule), re-exported for the kernel's injectables. */
  readonly configModule: DynamicModule;
  readonly logger: Logger;
  readonly redis: Redis;
  readonly contexts: ModuleContexts;
  readonly authenticatorRef: AuthenticatorRef;
  readonly metrics: MetricsRegistry;
  readonly jobs: JobsRuntime;
  readonly search: SearchRuntime;
  /** Replacements of platform ports (PlatformOptions.ports); they win over the defaults above them. */
  readonly ports?: { readonly moduleEnablement?: ModuleEnablement };
}

/**
 * The platform's services for one platform instance. Imported by the root module and, by the
 * registry, by every module's Nest module (it is not global: a module sees the platform services and
 * the modules it declares, nothing else).
 */
export function platformCoreModule(values: PlatformCoreValues): DynamicModule {
  @Module({})
  class PlatformCoreModule {}

  const providers = [
    { provide: ModuleRegistry, useValue: values.registry },
    { provide: PlatformSettings, useValue: values.settings },
    { provide: ROOT_LOGGER, useValue: values.logger },
    { provide: REDIS_CONNECTION, useValue: values.redis },
    { provide: ModuleContexts, useValue: values.contexts },
    { provide: AuthenticatorRef, useValue: values.authenticatorRef },
    { provide: MetricsRegistry, useValue: values.metrics },
    { provide: SearchRuntime, useValue: values.search },
    { provide: TenantScope, useFactory: (orm: MikroORM<PostgreSqlDriver>) => new TenantScope(orm), inject: [MikroORM] },
    TenantsService,
    { provide: TENANT_DIRECTORY, useExisting: TenantsService },
    {
      provide: UNIT_OF_WORK,
      useFactory: (scope: TenantScope): UnitOfWork => ({
        withTenant: (tenantId, fn) => scope.run(tenantId, fn),
        withoutTenant: (fn) => scope.runWithoutTenant(fn),
      }),
      inject: [TenantScope],
    },
    // MODULE_ENABLEMENT, FLAG_STATE and the flags services come with FLAGS_PROVIDERS.
    { provide: FLAGS_OPTIONS, useValue: flagsOptions(values) },
    { provide: CUSTOM_FIELD_TARGETS, useValue: new StaticCustomFieldTargetCatalog(values.registry.all()) },
    { provide: PERSONAL_DATA, useValue: new ModulePersonalDataDirectory(values.registry, values.contexts) },
    {
      provide: PERMISSION_CATALOG,
      useValue: new StaticPermissionCatalog(values.registry.all().map(({ definition, source }) => ({ definition, source }))),
    },
    ...values.jobs.providers(),
    ...AUDIT_PROVIDERS,
    ...FLAGS_PROVIDERS,
    ...filesProviders(filesSettings(values.settings.platform)),
    // Nest keeps the last provider of a token: a replacement given at creation overrides the default.
    ...(values.ports?.moduleEnablement ? [{ provide: MODULE_ENABLEMENT, useValue: values.ports.moduleEnablement }] : []),
  ];
  return {
    module: PlatformCoreModule,
    imports: [values.configModule],
    providers,
    exports: [values.configModule, ...providers.map((provider) => ('provide' in provider ? provider.provide : provider))],
  };
}
