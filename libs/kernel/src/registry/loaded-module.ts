import type { ModuleDefinition } from '@tessera/module-sdk';

/** A module definition together with where it came from. */
export interface LoadedModule {
  readonly definition: ModuleDefinition;
  /** `built-in`, or the package name / path it was loaded from (via MODULES). */
  readonly source: string;
}
