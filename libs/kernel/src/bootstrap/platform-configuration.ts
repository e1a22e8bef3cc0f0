import type { DynamicModule } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import type { PlatformConfig, ResolvedConfig } from '@tessera/config';

/** What the kernel's `ConfigService` holds: the validated platform namespace and every module's namespace. */
export interface TesseraConfiguration {
  readonly platform: PlatformConfig;
  readonly modules: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** The kernel's typed view: `config.get('platform.METRICS_TOKEN', { infer: true })`. */
export type PlatformConfigService = ConfigService<TesseraConfiguration, true>;

/**
 * @nestjs/config's module, loaded with the configuration `resolveConfig` already validated (every problem of
 * every namespace was reported at once before Nest started, so no `validate` here). It reads neither `.env`
 * nor `process.env` itself: several platforms may share one process (tests), each with its own settings, and
 * ConfigModule would otherwise copy values into `process.env`.
 */
export function platformConfigModule(config: ResolvedConfig): Promise<DynamicModule> {
  const configuration: TesseraConfiguration = { platform: config.platform, modules: config.modules };
  return ConfigModule.forRoot({
    ignoreEnvFile: true,
    validatePredefined: false,
    skipProcessEnv: true,
    load: [() => configuration],
  });
}

/**
 * The `ConfigService` a module's own providers receive: its validated namespace only (typed reads with
 * `ConfigService<MyConfig, true>`), never another module's settings or the platform's, never `process.env`.
 */
export function moduleConfigService(namespace: Readonly<Record<string, unknown>>): ConfigService {
  const service = new ConfigService({ ...namespace });
  // What ConfigModule.forRoot({ skipProcessEnv: true }) sets; the typings keep the setter private.
  (service as unknown as { skipProcessEnv: boolean }).skipProcessEnv = true;
  return service;
}
