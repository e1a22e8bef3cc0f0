/**
 * An entity type of a module that tenant admins may extend with custom fields. The values live with the
 * target's own rows, in a JSONB column the target's migration creates (with a GIN index), so list queries
 * filter and sort them without joins.
 *
 * @example
 * ```ts
 * customFieldTargets: [{ name: 'contact', description: 'A person or organisation', table: 'contacts', column: 'custom_fields' }]
 * ```
 */
export interface CustomFieldTargetDeclaration {
  /** Unique across the platform, kebab-case, e.g. `contact`, `knowledge-article`. */
  readonly name: string;
  readonly description: string;
  /** The tenant-owned table holding the target rows (under row-level security). */
  readonly table: string;
  /** Its `jsonb NOT NULL DEFAULT '{}'` column holding custom values by field key. */
  readonly column: string;
}

/**
 * A declared target and the module that declared it.
 *
 * @example
 * ```ts
 * const target: CustomFieldTarget | undefined = catalog.get('contact'); // { module: 'contacts', table: 'contacts', ... }
 * ```
 */
export interface CustomFieldTarget extends CustomFieldTargetDeclaration {
  readonly module: string;
}

/**
 * Every custom-field target of the loaded platform.
 *
 * @example
 * ```ts
 * constructor(@Inject(CUSTOM_FIELD_TARGETS) private readonly targets: CustomFieldTargetCatalog) {}
 * const contact = this.targets.get('contact'); // undefined when no loaded module declares it
 * ```
 */
export interface CustomFieldTargetCatalog {
  all(): readonly CustomFieldTarget[];
  get(name: string): CustomFieldTarget | undefined;
}

/**
 * Injection token of the {@link CustomFieldTargetCatalog}.
 *
 * @example
 * ```ts
 * constructor(@Inject(CUSTOM_FIELD_TARGETS) private readonly targets: CustomFieldTargetCatalog) {}
 * ```
 */
export const CUSTOM_FIELD_TARGETS = Symbol.for('tessera.custom-field-targets');
