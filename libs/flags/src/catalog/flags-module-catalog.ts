import type { ModuleContext, ModuleDefinition } from '@tessera/module-sdk';

/**
 * What the flags runtime needs to know about the loaded modules. The kernel implements it over its
 * registry (this library never imports the kernel: the kernel imports it).
 */
export interface FlagsModuleCatalog {
  /** Every loaded module, dependencies before dependents. */
  modules(): readonly ModuleDefinition[];
  /** True when the module booted and runs in this process. */
  isRunning(name: string): boolean;
  /** The context a module's hooks receive. */
  contextOf(name: string): ModuleContext;
}
