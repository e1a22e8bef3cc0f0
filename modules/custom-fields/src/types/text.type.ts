import type { CustomFieldConstraints } from '../contract/custom-field-types';
import { OPERATORS_BY_TYPE } from '../contract/filter-syntax';
import { isCount, onlyConstraints, refuse, type DefinitionProblem, type FieldSpec, type FieldTypeHandler } from './field-type';
import { checkString, codePoints } from './strings';
import { TYPE_LIMITS } from './type-limits';

function lengthProblems(constraints: CustomFieldConstraints, cap: number): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const { minLength, maxLength } = constraints;
  if (minLength !== undefined && !isCount(minLength, cap)) problems.push({ field: 'constraints.minLength', message: `must be a whole number from 0 to ${cap}.` });
  if (maxLength !== undefined && (!isCount(maxLength, cap) || maxLength < 1)) problems.push({ field: 'constraints.maxLength', message: `must be a whole number from 1 to ${cap}.` });
  if (isCount(minLength, cap) && isCount(maxLength, cap) && minLength > maxLength) {
    problems.push({ field: 'constraints.minLength', message: `must not exceed maxLength (${maxLength}).` });
  }
  return problems;
}

function textHandler(type: 'text' | 'long_text'): FieldTypeHandler {
  const multiLine = type === 'long_text';
  const cap = multiLine ? TYPE_LIMITS.longTextMaxLength : TYPE_LIMITS.textMaxLength;
  const maxOf = (field: FieldSpec) => field.constraints.maxLength ?? (multiLine ? cap : TYPE_LIMITS.textDefaultMaxLength);
  const allowed = multiLine ? (['minLength', 'maxLength'] as const) : (['minLength', 'maxLength', 'pattern'] as const);
  return {
    type,
    constraints: allowed,
    operators: OPERATORS_BY_TYPE[type],
    uniqueAllowed: !multiLine,
    sqlKind: 'text',
    checkConstraints(constraints) {
      const problems = [...onlyConstraints(constraints, allowed, type), ...lengthProblems(constraints, cap)];
      const { pattern } = constraints;
      if (pattern !== undefined) {
        if (typeof pattern !== 'string' || pattern.length === 0 || pattern.length > TYPE_LIMITS.patternMaxLength) {
          problems.push({ field: 'constraints.pattern', message: `must be a regular expression of 1 to ${TYPE_LIMITS.patternMaxLength} characters.` });
        } else if (/\\[1-9]/.test(pattern)) {
          // Back-references are what makes PostgreSQL's matcher backtrack; without them it runs in linear time.
          problems.push({ field: 'constraints.pattern', message: 'must not use back-references (\\1 to \\9).' });
        }
      }
      return problems;
    },
    normalize(value, field) {
      const checked = checkString(value, maxOf(field), multiLine);
      if (!checked.ok) return checked;
      const min = field.constraints.minLength;
      if (min !== undefined && codePoints(checked.value) < min) return refuse(`must be at least ${min} characters.`);
      return checked;
    },
    operand(operator, value) {
      if (operator === 'contains') {
        const checked = checkString(value, TYPE_LIMITS.containsMaxLength, multiLine);
        return checked.ok && checked.value.length === 0 ? refuse('must not be empty.') : checked;
      }
      return checkString(value, cap, multiLine);
    },
  };
}

export const TEXT = textHandler('text');
export const LONG_TEXT = textHandler('long_text');
