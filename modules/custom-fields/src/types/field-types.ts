import type { CustomFieldType } from '../contract/custom-field-types';
import { BOOLEAN } from './boolean.type';
import { EMAIL, PHONE, URL_TYPE } from './contact-point.type';
import { CURRENCY } from './currency.type';
import { DATE, DATE_TIME } from './date.type';
import type { FieldTypeHandler } from './field-type';
import { DECIMAL, NUMBER } from './number.type';
import { MULTI_SELECT, SINGLE_SELECT } from './select.type';
import { LONG_TEXT, TEXT } from './text.type';

const HANDLERS: Readonly<Record<CustomFieldType, FieldTypeHandler>> = {
  text: TEXT,
  long_text: LONG_TEXT,
  number: NUMBER,
  decimal: DECIMAL,
  currency: CURRENCY,
  boolean: BOOLEAN,
  date: DATE,
  date_time: DATE_TIME,
  email: EMAIL,
  phone: PHONE,
  url: URL_TYPE,
  single_select: SINGLE_SELECT,
  multi_select: MULTI_SELECT,
};

/** The handler of a type (every type has one: the record above is exhaustive). */
export const handlerOf = (type: CustomFieldType): FieldTypeHandler => HANDLERS[type];

export const isSelectType = (type: CustomFieldType): boolean => type === 'single_select' || type === 'multi_select';
