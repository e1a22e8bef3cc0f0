import type { ModuleConfigSchema, ModuleDefinition, ModuleDefinitionInput } from './module-definition';
import { MODULE_DEFINITION_BRAND } from './module-definition';

/**
 * Declares a module. The module's package exports the result as its one front door; the registry
 * validates it at boot and refuses to start with an error naming the module, the problem and the fix.
 *
 * @example
 * ```ts
 * // modules/tickets/src/index.ts
 * export const ticketsModule = defineModule({
 *   name: 'tickets',
 *   version: '1.0.0',
 *   platform: '^1.0.0',
 *   dependsOn: { contacts: '^1.0.0' },
 *   nestModule: TicketsNestModule,
 *   config: z.object({ slaHours: z.coerce.number().int().positive().default(24) }),
 *   permissions: [{ key: 'tickets.read', description: 'See tickets', defaultRoles: ['owner', 'admin', 'member'] }],
 * });
 * ```
 */
export function defineModule<TSchema extends ModuleConfigSchema = ModuleConfigSchema>(
  input: ModuleDefinitionInput<TSchema>,
): ModuleDefinition<TSchema> {
  return Object.freeze({ ...input, [MODULE_DEFINITION_BRAND]: true as const });
}

/**
 * True when `value` was built by {@link defineModule} (from any copy of the SDK).
 *
 * @example
 * ```ts
 * const found = Object.values(await import(pkg)).filter(isModuleDefinition);
 * ```
 */
export function isModuleDefinition(value: unknown): value is ModuleDefinition {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MODULE_DEFINITION_BRAND] === true;
}
