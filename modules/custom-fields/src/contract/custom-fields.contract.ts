import type { CustomFieldTarget } from '@tessera/module-sdk';
import type { CustomFieldDefinition, CustomFieldValues } from './custom-field-types';
import type { CustomFieldSortSpec } from './filter-syntax';

/**
 * A piece of SQL with its bound parameters, in the `?` placeholder style of knex and MikroORM
 * (`raw(sql, params)`, `qb.andWhere(sql, params)`, `em.execute(sql, params)`). Values are always
 * parameters, never part of `sql`.
 */
export interface SqlFragment {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/** Where the target's JSONB column is in the caller's query. */
export interface ColumnOptions {
  /** Table alias to qualify the column with (plain identifier); unqualified when omitted. */
  readonly alias?: string;
}

/**
 * A keyset sort on one custom field with a stable tiebreak on the row id: for cursor pagination.
 * Rows without a value come last in both directions.
 */
export interface CustomFieldSort {
  readonly spec: CustomFieldSortSpec;
  /** The typed value expression (e.g. `((custom_fields ->> ?)::numeric)`). */
  readonly expression: SqlFragment;
  /** The whole ORDER BY list: the expression with `NULLS LAST`, then the id in the same direction. */
  readonly orderBy: SqlFragment;
  /**
   * The WHERE condition selecting the rows after `cursor` (a value of {@link cursorOf}). A cursor of
   * another sort, or a tampered one, is a `ValidationError` on `cursor`.
   */
  after(cursor: string): SqlFragment;
  /** The opaque cursor of a row: the last row of a page gives the next page's cursor. */
  cursorOf(row: { readonly id: string; readonly values: CustomFieldValues }): string;
}

/** Options of the write validators. */
export interface WriteOptions {
  /** The path errors are reported under (default `customFields`): `customFields.<key>`. */
  readonly path?: string;
}

/**
 * The custom fields of one target for the current tenant, as the calling principal may use them. Get it
 * once per unit of work from {@link CustomFields.forTarget}; it is not meant to outlive the request or job.
 */
export interface TargetCustomFields {
  readonly target: CustomFieldTarget;
  /** The non-archived fields the caller may read, in creation order (what a form or a list column shows). */
  readonly fields: readonly CustomFieldDefinition[];

  /**
   * Validates the custom values of a new row and returns what to store: defaults applied, values
   * normalised. Refuses unknown keys (and fields the caller may not read), archived fields, missing
   * required values, values of the wrong type or out of the field's constraints (`ValidationError`
   * naming `customFields.<key>`), fields the caller may not write (`ForbiddenError`
   * `CUSTOM_FIELD_WRITE_FORBIDDEN`), duplicates of unique fields (`ConflictError` `CUSTOM_FIELD_VALUE_TAKEN`).
   */
  validateCreate(input: unknown, options?: WriteOptions): Promise<CustomFieldValues>;

  /**
   * Validates a partial change of a row's custom values and returns the whole object to store: the stored
   * values with the changes merged in. Keys absent from `patch` keep their value (including archived fields
   * and fields the caller cannot see); `null` clears a value.
   */
  validateUpdate(rowId: string, stored: CustomFieldValues | null | undefined, patch: unknown, options?: WriteOptions): Promise<CustomFieldValues>;

  /** What the caller may see of a stored object: without archived fields and fields their roles may not read. */
  project(stored: CustomFieldValues | null | undefined): CustomFieldValues;

  /**
   * Parses and validates a filter (see `CustomFieldFilter`) and returns its WHERE condition, or `null` for
   * an empty filter. Unknown fields, fields the caller may not read, operators the type does not support and
   * operands of the wrong type are a `ValidationError` naming `customFields.<key>.<operator>`.
   */
  where(filter: unknown, options?: ColumnOptions & { readonly path?: string }): SqlFragment | null;

  /** A keyset sort on a readable field of a sortable type (every type but multi_select). */
  sort(spec: CustomFieldSortSpec, options?: ColumnOptions & { readonly idColumn?: string }): CustomFieldSort;
}

/**
 * The custom-fields contract for target modules (contacts, calls, knowledge articles...). Inject it with
 * {@link CUSTOM_FIELDS} from a module that declares `dependsOn: { 'custom-fields': '^1.0.0' }` and a
 * `customFieldTargets` entry for the entity.
 *
 * @example
 * ```ts
 * constructor(@Inject(CUSTOM_FIELDS) private readonly customFields: CustomFields) {}
 *
 * async create(body: CreateContactDto) {
 *   const fields = await this.customFields.forTarget('contact');
 *   const contact = this.em.create(Contact, { ...body, customFields: await fields.validateCreate(body.customFields) });
 *   await this.em.flush();
 *   return { ...contact, customFields: fields.project(contact.customFields) };
 * }
 * ```
 */
export interface CustomFields {
  /**
   * Loads the current tenant's fields of `target` (one indexed query). Throws when no loaded module
   * declares the target (a programming error).
   */
  forTarget(target: string): Promise<TargetCustomFields>;
}

/** Injection token of {@link CustomFields}. */
export const CUSTOM_FIELDS = Symbol.for('tessera.custom-fields');
