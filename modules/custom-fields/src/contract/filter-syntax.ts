import { z } from 'zod';
import type { CustomFieldType } from './custom-field-types';

/**
 * Filter operators on custom fields. Which types accept which, and which use the target's GIN index:
 *
 * | operator | operand | types | GIN index |
 * |---|---|---|---|
 * | `eq` | a value of the field's type | all but multi_select | yes (`@>`)* |
 * | `ne` | a value | all but multi_select; also matches rows without a value | no |
 * | `in` | 1-100 values | text-like, number, decimal, currency, date, date_time, single_select; multi_select: holds any of them | yes (`@> ANY`)* |
 * | `contains` | text: a substring (case-insensitive); multi_select: option key(s) the row must all hold | text-like, multi_select | multi_select only* |
 * | `gt` `gte` `lt` `lte` | a value | number, decimal, currency (same currency only), date, date_time | no |
 * | `exists` | `true` (has a value) or `false` (has none) | all | no |
 *
 * Text-like types are text, long_text, email, phone and url. (*) Under row-level security PostgreSQL uses an
 * index only for leakproof operators; `jsonb @>` is one once a superuser marks `jsonb_contains` LEAKPROOF
 * (see the README). Otherwise every filter runs over the tenant's rows through the tenant index.
 */
export const CUSTOM_FIELD_FILTER_OPERATORS = ['eq', 'ne', 'in', 'contains', 'gt', 'gte', 'lt', 'lte', 'exists'] as const;

/** One of {@link CUSTOM_FIELD_FILTER_OPERATORS}. */
export type CustomFieldFilterOperator = (typeof CUSTOM_FIELD_FILTER_OPERATORS)[number];

/** The conditions on one field; several operators on one field are combined with AND. */
export type CustomFieldCondition = Partial<Record<CustomFieldFilterOperator, unknown>>;

/**
 * THE filter syntax on custom fields: field key → operator → operand, every condition combined with AND.
 * On the wire it is one JSON object in a query parameter (by convention `customFields`):
 *
 * ```
 * GET /api/v1/contacts?customFields={"tier":{"in":["gold","silver"]},"score":{"gte":10},"vat_id":{"exists":true}}
 * ```
 */
export type CustomFieldFilter = Readonly<Record<string, CustomFieldCondition>>;

/** At most this many conditions (field × operator) in one filter. */
export const MAX_FILTER_CONDITIONS = 20;
/** At most this many values in one `in` list. */
export const MAX_FILTER_IN_VALUES = 100;

/**
 * The zod schema of the `customFields` query parameter for a target's list DTO: parses the JSON text and
 * checks its shape (an object of objects). What the keys and operands mean is checked later by
 * `TargetCustomFields.where()`, which knows the tenant's fields.
 *
 * @example
 * ```ts
 * class ListContactsQuery extends createZodDto(z.object({ customFields: customFieldFilterParam.optional(), sort: z.string().optional() })) {}
 * ```
 */
export const customFieldFilterParam = z
  .string()
  .max(8000)
  .transform((text, ctx): CustomFieldFilter => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object such as {"tier":{"eq":"gold"}}' });
      return z.NEVER;
    }
    const shape = z.record(z.string(), z.record(z.string(), z.unknown())).safeParse(parsed);
    if (!shape.success) {
      ctx.addIssue({ code: 'custom', message: 'must map field keys to objects of operators, such as {"score":{"gte":10}}' });
      return z.NEVER;
    }
    return shape.data as CustomFieldFilter;
  })
  .meta({ description: 'Filter on custom fields: a JSON object, field key → operator → value. See the custom-fields README.', example: '{"tier":{"eq":"gold"}}' });

/** A sort on one custom field. */
export interface CustomFieldSortSpec {
  readonly key: string;
  readonly direction: 'asc' | 'desc';
}

/** The prefix that marks a custom-field sort in a `sort` query parameter: `customFields.score`, `-customFields.score`. */
export const CUSTOM_FIELD_SORT_PREFIX = 'customFields.';

/**
 * Reads a custom-field sort from a `sort` query parameter value: `customFields.<key>` (ascending) or
 * `-customFields.<key>` (descending). Returns `null` for any other sort, which the target handles itself.
 *
 * @example
 * ```ts
 * parseCustomFieldSort('-customFields.score'); // { key: 'score', direction: 'desc' }
 * parseCustomFieldSort('createdAt');           // null
 * ```
 */
export function parseCustomFieldSort(sort: string | undefined): CustomFieldSortSpec | null {
  if (!sort) return null;
  const direction = sort.startsWith('-') ? 'desc' : 'asc';
  const body = direction === 'desc' ? sort.slice(1) : sort;
  if (!body.startsWith(CUSTOM_FIELD_SORT_PREFIX)) return null;
  return { key: body.slice(CUSTOM_FIELD_SORT_PREFIX.length), direction };
}

/** Operators accepted per type (the table above, as data). */
export const OPERATORS_BY_TYPE: Readonly<Record<CustomFieldType, readonly CustomFieldFilterOperator[]>> = {
  text: ['eq', 'ne', 'in', 'contains', 'exists'],
  long_text: ['eq', 'ne', 'in', 'contains', 'exists'],
  email: ['eq', 'ne', 'in', 'contains', 'exists'],
  phone: ['eq', 'ne', 'in', 'contains', 'exists'],
  url: ['eq', 'ne', 'in', 'contains', 'exists'],
  number: ['eq', 'ne', 'in', 'gt', 'gte', 'lt', 'lte', 'exists'],
  decimal: ['eq', 'ne', 'in', 'gt', 'gte', 'lt', 'lte', 'exists'],
  currency: ['eq', 'ne', 'in', 'gt', 'gte', 'lt', 'lte', 'exists'],
  boolean: ['eq', 'ne', 'exists'],
  date: ['eq', 'ne', 'in', 'gt', 'gte', 'lt', 'lte', 'exists'],
  date_time: ['eq', 'ne', 'in', 'gt', 'gte', 'lt', 'lte', 'exists'],
  single_select: ['eq', 'ne', 'in', 'exists'],
  multi_select: ['contains', 'in', 'exists'],
};
