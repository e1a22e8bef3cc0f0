/**
 * Hard limits per type, whatever a field's own constraints say (the README's limits table).
 * Lengths count Unicode code points.
 */
export const TYPE_LIMITS = {
  /** `text`: one line, at most this many characters (a field may lower it with `maxLength`). */
  textMaxLength: 1000,
  /** `text` fields without `maxLength` take this one. */
  textDefaultMaxLength: 255,
  /** `long_text`: at most this many characters. */
  longTextMaxLength: 10_000,
  /** RFC 5321 path limit. */
  emailMaxLength: 254,
  urlMaxLength: 2048,
  /** Operand of `contains` filters. */
  containsMaxLength: 200,
  /** A `pattern` constraint (a PostgreSQL regular expression), in characters. */
  patternMaxLength: 500,
  /** `decimal` and currency amounts: significant digits in all. */
  decimalMaxDigits: 30,
  decimalMaxScale: 10,
  decimalDefaultScale: 2,
  /** `multi_select`: options chosen in one value. */
  multiSelectMaxItems: 50,
  optionLabelMaxLength: 100,
} as const;
