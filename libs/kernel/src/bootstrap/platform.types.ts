import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { ResolvedConfig } from '@tessera/config';
import type { JobsRuntime } from '@tessera/jobs';
import type { ModuleDefinition } from '@tessera/module-sdk';
import type { Logger } from 'pino';
import type { RouteDescription } from '../registry/check-route-access';
import type { ModuleRegistry } from '../registry/module-registry';
import type { ModuleEnablement } from '../tenancy/module-enablement';
import type { DatabaseHandle } from './open-database';

export type PlatformRole = 'api' | 'worker' | 'cli';

export interface PlatformOptions {
  /** `api` serves HTTP; `worker` runs the same registry without routes; `cli` is for one-off commands. */
  readonly role: PlatformRole;
  /** The built-in modules; third-party ones come from the MODULES setting. */
  readonly modules: readonly ModuleDefinition[];
  /** Defaults to the process environment over `.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  readonly logger?: Logger;
  /**
   * Replaces platform ports with your own implementations (tests, embedders). `moduleEnablement` is
   * what routes (403 MODULE_DISABLED) and jobs (dead-lettered MODULE_DISABLED) consult per tenant.
   */
  readonly ports?: PlatformPorts;
}

/** Platform ports that can be replaced when creating a platform. */
export interface PlatformPorts {
  readonly moduleEnablement?: ModuleEnablement;
}

/** A booted platform instance. */
export interface Platform {
  readonly role: PlatformRole;
  readonly app: INestApplication | INestApplicationContext;
  readonly registry: ModuleRegistry;
  readonly config: ResolvedConfig;
  readonly logger: Logger;
  readonly database: DatabaseHandle;
  /** Every route the platform serves (kernel and modules), with its owner and access marker. */
  readonly routes: readonly RouteDescription[];
  /** The job layer: queues, processors, schedules, outbox. */
  readonly jobs: JobsRuntime;
  /** Graceful shutdown: readiness goes down, HTTP stops accepting, modules stop in reverse order. */
  close(signal?: string): Promise<void>;
}
