// The port moved to the SDK (modules consult it too); re-exported here for the kernel's own imports.
export { MODULE_ENABLEMENT } from '@tessera/module-sdk';
export type { ModuleEnablement } from '@tessera/module-sdk';

/** Every loaded module on for every tenant: for tools and tests that run without the flags runtime. */
export class AllModulesEnabled {
  isEnabled(): boolean {
    return true;
  }
}
