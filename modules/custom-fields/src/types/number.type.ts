import { OPERATORS_BY_TYPE } from '../contract/filter-syntax';
import { decimalBounds, decimalOperand, Decimal, fixedDecimal, outOfBounds } from './decimals';
import { accept, describe, isCount, onlyConstraints, refuse, type Checked, type DefinitionProblem, type FieldTypeHandler } from './field-type';
import { TYPE_LIMITS } from './type-limits';

function finite(value: unknown): Checked<number> {
  if (typeof value !== 'number') return refuse(`must be a number, not ${describe(value)}.`);
  if (!Number.isFinite(value)) return refuse('must be a finite number.');
  return accept(Object.is(value, -0) ? 0 : value);
}

/** `number`: a JSON number (double precision). For exact amounts use `decimal`. */
export const NUMBER: FieldTypeHandler = {
  type: 'number',
  constraints: ['min', 'max'],
  operators: OPERATORS_BY_TYPE.number,
  uniqueAllowed: true,
  sqlKind: 'numeric',
  checkConstraints(constraints) {
    const problems: DefinitionProblem[] = onlyConstraints(constraints, ['min', 'max'], 'number');
    const { min, max } = constraints;
    if (min !== undefined && !finite(min).ok) problems.push({ field: 'constraints.min', message: 'must be a finite number.' });
    if (max !== undefined && !finite(max).ok) problems.push({ field: 'constraints.max', message: 'must be a finite number.' });
    if (typeof min === 'number' && typeof max === 'number' && min > max) problems.push({ field: 'constraints.min', message: 'must not exceed max.' });
    return problems;
  },
  normalize(value, field) {
    const checked = finite(value);
    if (!checked.ok) return checked;
    const { min, max } = field.constraints;
    if (typeof min === 'number' && checked.value < min) return refuse(`must be at least ${min}.`);
    if (typeof max === 'number' && checked.value > max) return refuse(`must be at most ${max}.`);
    return checked;
  },
  operand: (_operator, value) => finite(value),
};

const scaleOf = (constraints: { scale?: number }) => constraints.scale ?? TYPE_LIMITS.decimalDefaultScale;

/** `decimal`: exact, stored as a string with exactly `scale` decimals ("1234.50"). */
export const DECIMAL: FieldTypeHandler = {
  type: 'decimal',
  constraints: ['min', 'max', 'scale'],
  operators: OPERATORS_BY_TYPE.decimal,
  uniqueAllowed: true,
  sqlKind: 'numeric',
  checkConstraints(constraints) {
    const problems: DefinitionProblem[] = onlyConstraints(constraints, ['min', 'max', 'scale'], 'decimal');
    if (constraints.scale !== undefined && !isCount(constraints.scale, TYPE_LIMITS.decimalMaxScale)) {
      problems.push({ field: 'constraints.scale', message: `must be a whole number from 0 to ${TYPE_LIMITS.decimalMaxScale}.` });
    }
    problems.push(...decimalBounds(constraints.min, constraints.max).problems);
    return problems;
  },
  normalize(value, field) {
    const fixed = fixedDecimal(value, scaleOf(field.constraints));
    if (!fixed.ok) return fixed;
    const bound = outOfBounds(new Decimal(fixed.value), field.constraints.min, field.constraints.max);
    return bound ? refuse(bound) : fixed;
  },
  operand(operator, value, field) {
    // Equality compares stored forms (so it can use the index); ranges compare numbers of any precision.
    return operator === 'eq' || operator === 'ne' || operator === 'in' ? fixedDecimal(value, scaleOf(field.constraints)) : decimalOperand(value);
  },
};
