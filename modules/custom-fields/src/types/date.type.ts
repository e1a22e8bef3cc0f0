import { z } from 'zod';
import { OPERATORS_BY_TYPE } from '../contract/filter-syntax';
import { accept, describe, onlyConstraints, refuse, type Checked, type DefinitionProblem, type FieldTypeHandler } from './field-type';

const dateTimeSchema = z.iso.datetime({ offset: true });

/** A calendar date `YYYY-MM-DD` (years 0001-9999), checked to exist (no 2025-02-30). */
export function calendarDate(value: unknown): Checked<string> {
  if (typeof value !== 'string') return refuse(`must be a date as "YYYY-MM-DD", not ${describe(value)}.`);
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return refuse('must be a date as "YYYY-MM-DD".');
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  const exists = year >= 1 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return exists ? accept(value) : refuse(`is not a calendar date (${value}).`);
}

/** An ISO 8601 date-time with an offset (or Z), stored in UTC with milliseconds: sorts and compares as text. */
export function instant(value: unknown): Checked<string> {
  if (typeof value !== 'string') return refuse(`must be an ISO 8601 date-time such as "2025-03-31T08:00:00Z", not ${describe(value)}.`);
  if (!dateTimeSchema.safeParse(value).success) return refuse('must be an ISO 8601 date-time with a time zone, such as "2025-03-31T08:00:00Z" or "2025-03-31T10:00:00+02:00".');
  const date = new Date(value);
  const year = date.getUTCFullYear();
  if (Number.isNaN(date.getTime()) || year < 1 || year > 9999) return refuse('must be between years 0001 and 9999.');
  return accept(date.toISOString());
}

function dateHandler(type: 'date' | 'date_time', parse: (value: unknown) => Checked<string>): FieldTypeHandler {
  return {
    type,
    constraints: ['min', 'max'],
    operators: OPERATORS_BY_TYPE[type],
    uniqueAllowed: false,
    sqlKind: 'ordered-text',
    checkConstraints(constraints) {
      const problems: DefinitionProblem[] = onlyConstraints(constraints, ['min', 'max'], type);
      const min = constraints.min === undefined ? undefined : parse(constraints.min);
      const max = constraints.max === undefined ? undefined : parse(constraints.max);
      if (min && !min.ok) problems.push({ field: 'constraints.min', message: min.message });
      if (max && !max.ok) problems.push({ field: 'constraints.max', message: max.message });
      if (min?.ok && max?.ok && min.value > max.value) problems.push({ field: 'constraints.min', message: 'must not be after max.' });
      return problems;
    },
    normalize(value, field) {
      const checked = parse(value);
      if (!checked.ok) return checked;
      // Normalised forms have a fixed width, so text order is time order.
      const min = field.constraints.min === undefined ? undefined : parse(field.constraints.min);
      const max = field.constraints.max === undefined ? undefined : parse(field.constraints.max);
      if (min?.ok && checked.value < min.value) return refuse(`must not be before ${min.value}.`);
      if (max?.ok && checked.value > max.value) return refuse(`must not be after ${max.value}.`);
      return checked;
    },
    operand: (_operator, value) => parse(value),
  };
}

export const DATE = dateHandler('date', calendarDate);
export const DATE_TIME = dateHandler('date_time', instant);
