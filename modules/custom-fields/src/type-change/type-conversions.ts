import type { CustomFieldType } from '../contract/custom-field-types';
import { Decimal } from '../types/decimals';
import { refuse, type Checked, type FieldSpec } from '../types/field-type';
import { handlerOf } from '../types/field-types';

/** How stored values of one type become values of another. */
export interface Conversion {
  /** Does the stored form change (then every value is rewritten), or only the rules? */
  readonly rewrites: boolean;
  /** The value under the new definition, or why it cannot be converted without losing data. */
  convert(value: unknown, to: FieldSpec): Checked;
}

/** Revalidate under the new type: the stored form is already right when it passes. */
const revalidate = (rewrites = false): Conversion => ({ rewrites, convert: (value, to) => handlerOf(to.type).normalize(value, to) });

const CONVERSIONS: Partial<Record<`${CustomFieldType}->${CustomFieldType}`, Conversion>> = {
  'text->long_text': revalidate(),
  'long_text->text': revalidate(),
  // Normalisation may change the stored form (lower-cased emails, E.164 phones, serialised URLs).
  'text->email': revalidate(true),
  'text->phone': revalidate(true),
  'text->url': revalidate(true),
  'email->text': revalidate(),
  'phone->text': revalidate(),
  'url->text': revalidate(),
  'email->long_text': revalidate(),
  'phone->long_text': revalidate(),
  'url->long_text': revalidate(),
  'number->decimal': revalidate(true),
  'decimal->number': {
    rewrites: true,
    convert(value, to) {
      const number = Number(value);
      // Only when the double holds the decimal exactly: 0.1 does (as 0.1), 12345678901234567.5 does not.
      if (typeof value !== 'string' || !new Decimal(number).eq(new Decimal(value))) return refuse(`${String(value)} cannot be held exactly by a number field.`);
      return handlerOf(to.type).normalize(number, to);
    },
  },
  'date->date_time': { rewrites: true, convert: (value, to) => handlerOf(to.type).normalize(`${String(value)}T00:00:00.000Z`, to) },
  'date_time->date': {
    rewrites: true,
    convert(value, to) {
      const text = String(value);
      return text.endsWith('T00:00:00.000Z') ? handlerOf(to.type).normalize(text.slice(0, 10), to) : refuse(`${text} has a time of day that a date field would lose.`);
    },
  },
  'single_select->multi_select': { rewrites: true, convert: (value, to) => handlerOf(to.type).normalize([value], to, [value]) },
  'multi_select->single_select': {
    rewrites: true,
    convert(value, to) {
      const keys = Array.isArray(value) ? value : [];
      return keys.length === 1 ? handlerOf(to.type).normalize(keys[0], to, keys[0]) : refuse(`holds ${keys.length} options; a single select holds one.`);
    },
  },
};

/** The conversion between two types, or `undefined` when there is none that keeps data. */
export const conversionOf = (from: CustomFieldType, to: CustomFieldType): Conversion | undefined => CONVERSIONS[`${from}->${to}`];

/** The supported targets of a type, for error messages. */
export const convertibleTo = (from: CustomFieldType): CustomFieldType[] =>
  Object.keys(CONVERSIONS)
    .filter((pair) => pair.startsWith(`${from}->`))
    .map((pair) => pair.split('->')[1] as CustomFieldType);

