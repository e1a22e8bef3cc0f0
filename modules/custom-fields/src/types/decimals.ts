import Decimal from 'decimal.js';
import { accept, describe, refuse, type Checked } from './field-type';
import { TYPE_LIMITS } from './type-limits';

const DECIMAL_TEXT = /^[+-]?\d{1,40}(\.\d{1,40})?$/;

/** An exact decimal from a string (`"12.50"`) or a JSON number; no exponent notation in strings. */
export function parseDecimal(value: unknown): Checked<Decimal> {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? accept(new Decimal(value)) : refuse('must be a finite number.');
  }
  if (typeof value !== 'string') return refuse(`must be a decimal number as a string such as "12.50", not ${describe(value)}.`);
  const text = value.trim();
  return DECIMAL_TEXT.test(text) ? accept(new Decimal(text)) : refuse('must be a decimal number such as "12.50" (digits, an optional sign and point).');
}

/** `value` with exactly `scale` decimals, refusing more decimals (never rounds) and too many digits. */
export function fixedDecimal(value: unknown, scale: number): Checked<string> {
  const parsed = parseDecimal(value);
  if (!parsed.ok) return parsed;
  const decimal = parsed.value;
  if (decimal.decimalPlaces() > scale) return refuse(scale === 0 ? 'must be a whole number.' : `must have at most ${scale} decimals.`);
  const integerDigits = TYPE_LIMITS.decimalMaxDigits - scale;
  if (decimal.abs().gte(new Decimal(10).pow(integerDigits))) return refuse(`must have at most ${integerDigits} digits before the point.`);
  const fixed = decimal.toFixed(scale);
  return accept(fixed === `-${(0).toFixed(scale)}` ? fixed.slice(1) : fixed);
}

/** A decimal bound of a range filter or a constraint, in plain notation for `::numeric`. */
export function decimalOperand(value: unknown): Checked<string> {
  const parsed = parseDecimal(value);
  return parsed.ok ? accept(parsed.value.toFixed()) : parsed;
}

/** Checks `min`/`max` as decimals with min <= max; returns the parsed bounds. */
export function decimalBounds(min: unknown, max: unknown): { problems: Array<{ field: string; message: string }> } {
  const problems: Array<{ field: string; message: string }> = [];
  const lo = min === undefined ? undefined : parseDecimal(min);
  const hi = max === undefined ? undefined : parseDecimal(max);
  if (lo && !lo.ok) problems.push({ field: 'constraints.min', message: lo.message });
  if (hi && !hi.ok) problems.push({ field: 'constraints.max', message: hi.message });
  if (lo?.ok && hi?.ok && lo.value.gt(hi.value)) problems.push({ field: 'constraints.min', message: 'must not exceed max.' });
  return { problems };
}

/** Refusal message when `value` is outside [min, max], else null. */
export function outOfBounds(value: Decimal, min: unknown, max: unknown): string | null {
  if (min !== undefined && value.lt(new Decimal(min as Decimal.Value))) return `must be at least ${String(min)}.`;
  if (max !== undefined && value.gt(new Decimal(max as Decimal.Value))) return `must be at most ${String(max)}.`;
  return null;
}

export { Decimal };
