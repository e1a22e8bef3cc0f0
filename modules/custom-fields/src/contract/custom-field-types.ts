/**
 * The field types a tenant admin can choose. Stored values by type (what a target's JSONB column holds):
 *
 * | type | stored as | example |
 * |---|---|---|
 * | `text` | string, one line | `"ACME-42"` |
 * | `long_text` | string, line breaks allowed | `"First line\nSecond"` |
 * | `number` | JSON number (double precision) | `42.5` |
 * | `decimal` | string with exactly `scale` decimals (exact) | `"1234.50"` |
 * | `currency` | `{ amount, currency }`, amount with the currency's minor units | `{ "amount": "99.90", "currency": "EUR" }` |
 * | `boolean` | JSON boolean | `true` |
 * | `date` | `YYYY-MM-DD` | `"2025-03-31"` |
 * | `date_time` | ISO 8601 in UTC, milliseconds | `"2025-03-31T08:00:00.000Z"` |
 * | `email` | lower-cased address | `"ada@example.com"` |
 * | `phone` | E.164 | `"+442071838750"` |
 * | `url` | absolute http(s) URL | `"https://example.com/a"` |
 * | `single_select` | option key | `"gold"` |
 * | `multi_select` | option keys, in option order | `["eu", "us"]` |
 */
export const CUSTOM_FIELD_TYPES = [
  'text',
  'long_text',
  'number',
  'decimal',
  'currency',
  'boolean',
  'date',
  'date_time',
  'email',
  'phone',
  'url',
  'single_select',
  'multi_select',
] as const;

/** One of {@link CUSTOM_FIELD_TYPES}. */
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

/** A money amount: the amount as an exact decimal string and its ISO 4217 code. */
export interface CurrencyValue {
  readonly amount: string;
  readonly currency: string;
}

/** One stored custom value (see {@link CUSTOM_FIELD_TYPES} for the shape of each type). */
export type CustomFieldValue = string | number | boolean | readonly string[] | CurrencyValue;

/** A row's custom values by field key: what the target's JSONB column holds and what reads return. */
export type CustomFieldValues = Readonly<Record<string, CustomFieldValue>>;

/** One option of a select field. Stored values are option keys; labels may change freely. */
export interface CustomFieldOption {
  /** Immutable, `^[a-z0-9][a-z0-9_-]{0,49}$`. */
  readonly key: string;
  readonly label: string;
  /** Archived options stay valid in stored values but cannot be chosen again. */
  readonly archived: boolean;
}

/**
 * Per-type constraints. Which ones a type accepts:
 * `minLength`/`maxLength` (text, long_text), `pattern` (text: a PostgreSQL regular expression),
 * `min`/`max` (number; decimal and currency amounts as decimal strings; date and date_time as ISO strings),
 * `scale` (decimal: digits after the point, 0-10, default 2), `currencies` (currency: allowed ISO codes),
 * `minItems`/`maxItems` (multi_select).
 */
export interface CustomFieldConstraints {
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly min?: number | string;
  readonly max?: number | string;
  readonly scale?: number;
  readonly currencies?: readonly string[];
  readonly minItems?: number;
  readonly maxItems?: number;
}

/** A field definition as the admin API and the contract show it. */
export interface CustomFieldDefinition {
  readonly id: string;
  /** The custom-field target (entity type) it extends, e.g. `contact`. */
  readonly target: string;
  /** Immutable key of the value in the target's JSONB column. */
  readonly key: string;
  readonly label: string;
  readonly helpText: string;
  readonly type: CustomFieldType;
  /** Must a row hold a value? Checked when a row is created and when a write clears the value. */
  readonly required: boolean;
  /** No two rows of the target in the tenant may hold the same value. */
  readonly unique: boolean;
  /** Applied when a row is created without a value for the field. */
  readonly default: CustomFieldValue | null;
  readonly constraints: CustomFieldConstraints;
  /** Select options, in display order (empty for other types). */
  readonly options: readonly CustomFieldOption[];
  /** Roles that may read the value; `null`: everyone who may read the row. Owners always may. */
  readonly readRoles: readonly string[] | null;
  /** Roles that may write the value; `null`: everyone who may write the row (and read the field). Owners always may. */
  readonly writeRoles: readonly string[] | null;
  /** Archived fields keep their stored values, hidden from reads and closed to writes. */
  readonly archived: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}
