import { MikroORM } from '@mikro-orm/core';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { Provider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { FlagsRuntime } from '@tessera/flags';
import { PlatformFiles } from '@tessera/files';
import type { JobsRuntime } from '@tessera/jobs';
import { moduleConfigService } from '../bootstrap/platform-configuration';
import {
  DOMAIN_EVENTS,
  FEATURE_FLAGS,
  FILE_STORE,
  JOB_QUEUE,
  MODULE_CONFIG,
  MODULE_LOGGER,
  MODULE_REDIS,
  SEARCH_INDEX,
  type ModuleLogger,
  type ModuleRedis,
} from '@tessera/module-sdk';
import { TenantScope } from '@tessera/persistence';
import type { SearchRuntime } from '@tessera/search';

/** What each module receives as its own (not shared) providers. */
export interface ModuleProviderSources {
  readonly configOf: (module: string) => Readonly<Record<string, unknown>>;
  readonly loggerOf: (module: string) => ModuleLogger;
  readonly redisOf: (module: string) => ModuleRedis;
  readonly jobs: JobsRuntime;
  readonly search: SearchRuntime;
}

/**
 * The providers that are a module's own: its configuration namespace (as MODULE_CONFIG and as a
 * ConfigService), its logger, its Redis key namespace, its job queue (its jobs and its dependencies'), its
 * domain events (the ones it declares), its search index (its declared collections only), its file store
 * (it sees only its own files) and its OpenFeature client bound to this platform instance.
 */
export function moduleProviders(sources: ModuleProviderSources): (module: string) => Provider[] {
  return (module) => [
    { provide: MODULE_CONFIG, useValue: sources.configOf(module) },
    { provide: ConfigService, useValue: moduleConfigService(sources.configOf(module)) },
    { provide: MODULE_LOGGER, useValue: sources.loggerOf(module) },
    { provide: MODULE_REDIS, useValue: sources.redisOf(module) },
    { provide: JOB_QUEUE, useValue: sources.jobs.queueFor(module) },
    { provide: DOMAIN_EVENTS, useValue: sources.jobs.eventsFor(module) },
    { provide: FEATURE_FLAGS, useFactory: (flags: FlagsRuntime) => flags.clientFor(module), inject: [FlagsRuntime] },
    { provide: FILE_STORE, useFactory: (files: PlatformFiles) => files.forModule(module), inject: [PlatformFiles] },
    {
      provide: SEARCH_INDEX,
      useFactory: (orm: MikroORM<PostgreSqlDriver>, scope: TenantScope) => sources.search.indexFor(module, orm, scope),
      inject: [MikroORM, TenantScope],
    },
  ];
}
