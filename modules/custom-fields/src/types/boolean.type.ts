import { OPERATORS_BY_TYPE } from '../contract/filter-syntax';
import { accept, describe, onlyConstraints, refuse, type Checked, type FieldTypeHandler } from './field-type';

const bool = (value: unknown): Checked<boolean> => (typeof value === 'boolean' ? accept(value) : refuse(`must be true or false, not ${describe(value)}.`));

/** `boolean`: a JSON boolean. */
export const BOOLEAN: FieldTypeHandler = {
  type: 'boolean',
  constraints: [],
  operators: OPERATORS_BY_TYPE.boolean,
  uniqueAllowed: false,
  sqlKind: 'boolean',
  checkConstraints: (constraints) => onlyConstraints(constraints, [], 'boolean'),
  normalize: (value) => bool(value),
  operand: (_operator, value) => bool(value),
};
