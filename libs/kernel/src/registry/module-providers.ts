import type { Provider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { FlagsRuntime } from '@tessera/flags';
import type { JobsRuntime } from '@tessera/jobs';
import { moduleConfigService } from '../bootstrap/platform-configuration';
import { DOMAIN_EVENTS, FEATURE_FLAGS, JOB_QUEUE, MODULE_CONFIG, MODULE_LOGGER, MODULE_REDIS, type ModuleLogger, type ModuleRedis } from '@tessera/module-sdk';

/** What each module receives as its own (not shared) providers. */
export interface ModuleProviderSources {
  readonly configOf: (module: string) => Readonly<Record<string, unknown>>;
  readonly loggerOf: (module: string) => ModuleLogger;
  readonly redisOf: (module: string) => ModuleRedis;
  readonly jobs: JobsRuntime;
}

/**
 * The providers that are a module's own: its configuration namespace (as MODULE_CONFIG and as a
 * ConfigService), its logger, its Redis key
 * namespace, its job queue (its jobs and its dependencies'), its domain events (the ones it declares), and
 * its OpenFeature client bound to this platform instance.
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
  ];
}
