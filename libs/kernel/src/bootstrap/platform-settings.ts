import type { PlatformConfig, ResolvedConfig } from '@tessera/config';

/** The validated configuration, as an injectable for the kernel's own services. */
export class PlatformSettings {
  constructor(readonly resolved: ResolvedConfig) {}

  get platform(): PlatformConfig {
    return this.resolved.platform;
  }

  get healthCheckTimeoutMs(): number {
    return this.resolved.platform.HEALTH_CHECK_TIMEOUT_MS;
  }

  /** A module's validated configuration namespace (empty when it declares none). */
  moduleConfig(name: string): Readonly<Record<string, unknown>> {
    return this.resolved.modules[name] ?? {};
  }
}
