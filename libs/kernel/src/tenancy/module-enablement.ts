/**
 * Whether a module is switched on for a tenant. Consulted on every tenant-scoped request (403
 * `MODULE_DISABLED`) and before every job runs, so implementations answer from memory.
 */
export interface ModuleEnablement {
  isEnabled(tenantId: string, module: string): boolean | Promise<boolean>;
}

export const MODULE_ENABLEMENT = Symbol.for('tessera.module-enablement');

/** The default until per-tenant enablement is configured: every loaded module is on for every tenant. */
export class AllModulesEnabled implements ModuleEnablement {
  isEnabled(): boolean {
    return true;
  }
}
