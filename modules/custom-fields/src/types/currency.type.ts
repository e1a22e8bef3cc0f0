import type { CurrencyValue } from '../contract/custom-field-types';
import { OPERATORS_BY_TYPE } from '../contract/filter-syntax';
import { decimalBounds, decimalOperand, Decimal, fixedDecimal, outOfBounds } from './decimals';
import { accept, describe, isPlainObject, onlyConstraints, refuse, type Checked, type DefinitionProblem, type FieldTypeHandler } from './field-type';

// ISO 4217 codes and their minor units from the runtime's ICU data (no list of our own to keep up to date).
const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const minorUnits = new Map<string, number>();

/** Digits after the point in amounts of `code` (EUR 2, JPY 0, BHD 3). */
export function minorUnitsOf(code: string): number {
  let digits = minorUnits.get(code);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
    minorUnits.set(code, digits);
  }
  return digits;
}

export const isCurrencyCode = (code: unknown): code is string => typeof code === 'string' && /^[A-Z]{3}$/.test(code) && KNOWN_CURRENCIES.has(code);

function currencyOf(value: Record<string, unknown>, allowed: readonly string[] | undefined): Checked<string> {
  const code = typeof value.currency === 'string' ? value.currency.trim().toUpperCase() : value.currency;
  if (!isCurrencyCode(code)) return refuse('must have a "currency" that is an ISO 4217 code such as "EUR".');
  if (allowed && !allowed.includes(code)) return refuse(`must be in one of the currencies ${allowed.join(', ')}.`);
  return accept(code);
}

function shape(value: unknown): Checked<Record<string, unknown>> {
  if (!isPlainObject(value)) return refuse(`must be an object such as {"amount":"99.90","currency":"EUR"}, not ${describe(value)}.`);
  const extra = Object.keys(value).filter((k) => k !== 'amount' && k !== 'currency');
  return extra.length ? refuse(`has unknown properties ${extra.join(', ')} (only "amount" and "currency").`) : accept(value);
}

function money(value: unknown, allowed?: readonly string[]): Checked<CurrencyValue> {
  const object = shape(value);
  if (!object.ok) return object;
  const currency = currencyOf(object.value, allowed);
  if (!currency.ok) return currency;
  const amount = fixedDecimal(object.value.amount, minorUnitsOf(currency.value));
  if (!amount.ok) return refuse(`"amount" ${amount.message}`);
  return accept({ amount: amount.value, currency: currency.value });
}

/** `currency`: `{ amount, currency }`, the amount exact with the currency's minor units. */
export const CURRENCY: FieldTypeHandler = {
  type: 'currency',
  constraints: ['min', 'max', 'currencies'],
  operators: OPERATORS_BY_TYPE.currency,
  uniqueAllowed: false,
  sqlKind: 'amount',
  checkConstraints(constraints) {
    const problems: DefinitionProblem[] = onlyConstraints(constraints, ['min', 'max', 'currencies'], 'currency');
    problems.push(...decimalBounds(constraints.min, constraints.max).problems);
    const { currencies } = constraints;
    if (currencies !== undefined) {
      if (!Array.isArray(currencies) || currencies.length === 0 || currencies.length > 50) {
        problems.push({ field: 'constraints.currencies', message: 'must list 1 to 50 ISO 4217 codes.' });
      } else {
        const unknown = currencies.filter((code) => !isCurrencyCode(code));
        if (unknown.length) problems.push({ field: 'constraints.currencies', message: `has codes that are not ISO 4217: ${unknown.join(', ')}.` });
      }
    }
    return problems;
  },
  normalize(value, field) {
    const checked = money(value, field.constraints.currencies);
    if (!checked.ok) return checked;
    const bound = outOfBounds(new Decimal(checked.value.amount), field.constraints.min, field.constraints.max);
    return bound ? refuse(`"amount" ${bound}`) : checked;
  },
  operand(operator, value) {
    if (operator === 'eq' || operator === 'ne' || operator === 'in') return money(value);
    // Ranges compare amounts within one currency: {"gte":{"amount":"100","currency":"EUR"}}.
    const object = shape(value);
    if (!object.ok) return object;
    const currency = currencyOf(object.value, undefined);
    if (!currency.ok) return currency;
    const amount = decimalOperand(object.value.amount);
    return amount.ok ? accept({ amount: amount.value, currency: currency.value }) : refuse(`"amount" ${amount.message}`);
  },
};
