import type { PlatformConfig, ResolvedConfig } from '@tessera/config';

/**
 * The validated configuration, for the kernel code that runs before Nest exists (module contexts, jobs,
 * flags options). Injectables read the same values through @nestjs/config's `ConfigService`
 * (see platform-configuration.ts).
 */
export class PlatformSettings {
  constructor(readonly resolved: ResolvedConfig) {}

  get platform(): PlatformConfig {
    return this.resolved.platform;
  }

  /** A module's validated configuration namespace (empty when it declares none). */
  moduleConfig(name: string): Readonly<Record<string, unknown>> {
    return this.resolved.modules[name] ?? {};
  }
}
