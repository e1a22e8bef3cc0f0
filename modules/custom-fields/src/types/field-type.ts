import type { CustomFieldConstraints, CustomFieldOption, CustomFieldType } from '../contract/custom-field-types';
import type { CustomFieldFilterOperator } from '../contract/filter-syntax';

/** What a type handler needs to know of a field. */
export interface FieldSpec {
  readonly key: string;
  readonly type: CustomFieldType;
  readonly constraints: CustomFieldConstraints;
  readonly options: readonly CustomFieldOption[];
}

/** The outcome of checking one value. */
export type Checked<T = unknown> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export const accept = <T>(value: T): Checked<T> => ({ ok: true, value });
export const refuse = (message: string): Checked<never> => ({ ok: false, message });

/**
 * How a stored value is compared in SQL:
 * - `text`: `col ->> key` in the database collation;
 * - `ordered-text`: `col ->> key` with `COLLATE "C"` (ISO dates and times sort as text);
 * - `numeric`: `(col ->> key)::numeric`;
 * - `amount`: `(col -> key ->> 'amount')::numeric`;
 * - `boolean`: `(col -> key)::boolean`.
 */
export type SqlKind = 'text' | 'ordered-text' | 'numeric' | 'amount' | 'boolean';

/** One problem found in a definition, at a path relative to the definition (`constraints.maxLength`). */
export interface DefinitionProblem {
  readonly field: string;
  readonly message: string;
}

/** Everything type-specific: validation of values and constraints, filter operands, SQL shape. */
export interface FieldTypeHandler {
  readonly type: CustomFieldType;
  /** Constraints this type accepts. */
  readonly constraints: readonly (keyof CustomFieldConstraints)[];
  readonly operators: readonly CustomFieldFilterOperator[];
  /** May the field be `unique`? */
  readonly uniqueAllowed: boolean;
  /** How values compare in SQL; `null` when the type is not sortable. */
  readonly sqlKind: SqlKind | null;
  /** Checks the values of its constraints (types, bounds, consistency). */
  checkConstraints(constraints: CustomFieldConstraints): DefinitionProblem[];
  /**
   * Validates one value against the type and the field's constraints, and returns its stored form.
   * `previous` is the row's stored value, if any (a select keeps an archived option it already holds).
   */
  normalize(value: unknown, field: FieldSpec, previous?: unknown): Checked;
  /**
   * Validates a filter operand for `operator` and returns what the SQL compares with: the stored form for
   * equality, or the scalar of the sort expression for ranges.
   */
  operand(operator: CustomFieldFilterOperator, value: unknown, field: FieldSpec): Checked;
}

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const describe = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
};

/** Checks that only `allowed` constraints are set; a problem per other one. */
export function onlyConstraints(constraints: CustomFieldConstraints, allowed: readonly string[], type: string): DefinitionProblem[] {
  return Object.entries(constraints)
    .filter(([name, value]) => value !== undefined && !allowed.includes(name))
    .map(([name]) => ({ field: `constraints.${name}`, message: `does not apply to ${type} fields${allowed.length ? ` (they accept ${allowed.join(', ')})` : ''}.` }));
}

export const isCount = (value: unknown, max: number): value is number => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= max;
