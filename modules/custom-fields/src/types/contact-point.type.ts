import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { z } from 'zod';
import { OPERATORS_BY_TYPE } from '../contract/filter-syntax';
import { accept, onlyConstraints, refuse, type Checked, type FieldTypeHandler } from './field-type';
import { checkString } from './strings';
import { TYPE_LIMITS } from './type-limits';

const emailSchema = z.email();

/** Lower-cased (one address, one stored form: equality and uniqueness hold case-insensitively). */
function email(value: unknown): Checked<string> {
  const checked = checkString(value, TYPE_LIMITS.emailMaxLength);
  if (!checked.ok) return checked;
  const normalized = checked.value.trim().toLowerCase();
  return emailSchema.safeParse(normalized).success ? accept(normalized) : refuse('must be an email address such as ada@example.com.');
}

/** International format only (there is no default region): stored as E.164. */
function phone(value: unknown): Checked<string> {
  const checked = checkString(value, 40);
  if (!checked.ok) return checked;
  const trimmed = checked.value.trim();
  if (!trimmed.startsWith('+')) return refuse('must be an international number starting with + and the country code, such as +442071838750.');
  const parsed = parsePhoneNumberFromString(trimmed);
  return parsed?.isValid() ? accept(parsed.number) : refuse('is not a valid phone number (E.164, such as +442071838750).');
}

/** Absolute http(s) URL, in the WHATWG parser's serialisation. */
function url(value: unknown): Checked<string> {
  const checked = checkString(value, TYPE_LIMITS.urlMaxLength);
  if (!checked.ok) return checked;
  let parsed: URL;
  try {
    parsed = new URL(checked.value.trim());
  } catch {
    return refuse('must be an absolute URL such as https://example.com/page.');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return refuse('must be an http or https URL.');
  return parsed.href.length > TYPE_LIMITS.urlMaxLength ? refuse(`must be at most ${TYPE_LIMITS.urlMaxLength} characters.`) : accept(parsed.href);
}

function contactPoint(type: 'email' | 'phone' | 'url', check: (value: unknown) => Checked<string>): FieldTypeHandler {
  return {
    type,
    constraints: [],
    operators: OPERATORS_BY_TYPE[type],
    uniqueAllowed: true,
    sqlKind: 'text',
    checkConstraints: (constraints) => onlyConstraints(constraints, [], type),
    normalize: (value) => check(value),
    operand(operator, value) {
      if (operator !== 'contains') return check(value);
      const part = checkString(value, TYPE_LIMITS.containsMaxLength);
      return part.ok && part.value.length === 0 ? refuse('must not be empty.') : part;
    },
  };
}

export const EMAIL = contactPoint('email', email);
export const PHONE = contactPoint('phone', phone);
export const URL_TYPE = contactPoint('url', url);
