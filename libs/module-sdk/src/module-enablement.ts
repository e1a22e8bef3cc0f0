/**
 * Whether a module is switched on for a tenant. The platform consults it on every tenant-scoped request
 * (a module that is off answers 403 `MODULE_DISABLED`) and before every job runs; a module can consult
 * it too, e.g. before using an optional dependency. Answers from memory once a tenant's state is cached
 * (then the result is a plain boolean, not a promise).
 *
 * @example
 * ```ts
 * constructor(@Inject(MODULE_ENABLEMENT) private readonly enablement: ModuleEnablement) {}
 *
 * if (await this.enablement.isEnabled(RequestContext.requireTenantId(), 'search')) await this.search.index(contact);
 * ```
 */
export interface ModuleEnablement {
  isEnabled(tenantId: string, module: string): boolean | Promise<boolean>;
}

/**
 * Injection token of the {@link ModuleEnablement}.
 *
 * @example
 * ```ts
 * constructor(@Inject(MODULE_ENABLEMENT) private readonly enablement: ModuleEnablement) {}
 * if (!(await this.enablement.isEnabled(tenantId, 'contacts'))) return;
 * ```
 */
export const MODULE_ENABLEMENT = Symbol.for('tessera.module-enablement');
