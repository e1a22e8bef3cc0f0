/**
 * Injects the module's own validated configuration namespace into one of its providers.
 *
 * @example
 * ```ts
 * constructor(@Inject(MODULE_CONFIG) private readonly config: { slaHours: number }) {}
 * ```
 */
export const MODULE_CONFIG = Symbol.for('tessera.module-config');

/**
 * Injects a {@link ModuleLogger} bound to the module.
 *
 * @example
 * ```ts
 * constructor(@Inject(MODULE_LOGGER) private readonly logger: ModuleLogger) {}
 * ```
 */
export const MODULE_LOGGER = Symbol.for('tessera.module-logger');
