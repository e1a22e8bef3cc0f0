import type { CustomFieldOption } from '../contract/custom-field-types';
import { MAX_FILTER_IN_VALUES, OPERATORS_BY_TYPE } from '../contract/filter-syntax';
import { accept, describe, isCount, onlyConstraints, refuse, type Checked, type DefinitionProblem, type FieldSpec, type FieldTypeHandler } from './field-type';
import { TYPE_LIMITS } from './type-limits';

const optionKeys = (field: FieldSpec) => field.options.map((o) => o.key).join(', ') || 'none';

/** An option key the field has; archived options only when the row already holds them. */
function chosen(key: unknown, field: FieldSpec, held: readonly unknown[]): Checked<CustomFieldOption> {
  if (typeof key !== 'string') return refuse(`must be an option key (string), not ${describe(key)}.`);
  const option = field.options.find((o) => o.key === key);
  if (!option) return refuse(`"${key}" is not an option of this field (options: ${optionKeys(field)}).`);
  if (option.archived && !held.includes(key)) return refuse(`the option "${key}" is archived and cannot be chosen any more.`);
  return accept(option);
}

/** Any option key of the field, archived or not (filters find rows that still hold archived options). */
function known(key: unknown, field: FieldSpec): Checked<string> {
  if (typeof key !== 'string') return refuse(`must be an option key (string), not ${describe(key)}.`);
  return field.options.some((o) => o.key === key) ? accept(key) : refuse(`"${key}" is not an option of this field (options: ${optionKeys(field)}).`);
}

function keyList(value: unknown, field: FieldSpec, max: number): Checked<string[]> {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || list.length > max) return refuse(`must list 1 to ${max} option keys.`);
  const keys: string[] = [];
  for (const item of list) {
    const checked = known(item, field);
    if (!checked.ok) return checked;
    keys.push(checked.value);
  }
  return accept(inOptionOrder(keys, field));
}

/** Multi-select values are stored in option order, without duplicates: one set, one stored form. */
const inOptionOrder = (keys: readonly string[], field: FieldSpec): string[] =>
  field.options.map((o) => o.key).filter((key) => keys.includes(key));

/** `single_select`: one option key. */
export const SINGLE_SELECT: FieldTypeHandler = {
  type: 'single_select',
  constraints: [],
  operators: OPERATORS_BY_TYPE.single_select,
  uniqueAllowed: false,
  sqlKind: 'text',
  checkConstraints: (constraints) => onlyConstraints(constraints, [], 'single_select'),
  normalize(value, field, previous) {
    const option = chosen(value, field, previous === undefined ? [] : [previous]);
    return option.ok ? accept(option.value.key) : option;
  },
  operand: (operator, value, field) => (operator === 'in' ? keyList(value, field, MAX_FILTER_IN_VALUES) : known(value, field)),
};

/** `multi_select`: distinct option keys, stored in option order. */
export const MULTI_SELECT: FieldTypeHandler = {
  type: 'multi_select',
  constraints: ['minItems', 'maxItems'],
  operators: OPERATORS_BY_TYPE.multi_select,
  uniqueAllowed: false,
  sqlKind: null,
  checkConstraints(constraints) {
    const problems: DefinitionProblem[] = onlyConstraints(constraints, ['minItems', 'maxItems'], 'multi_select');
    const cap = TYPE_LIMITS.multiSelectMaxItems;
    const { minItems, maxItems } = constraints;
    if (minItems !== undefined && !isCount(minItems, cap)) problems.push({ field: 'constraints.minItems', message: `must be a whole number from 0 to ${cap}.` });
    if (maxItems !== undefined && (!isCount(maxItems, cap) || maxItems < 1)) problems.push({ field: 'constraints.maxItems', message: `must be a whole number from 1 to ${cap}.` });
    if (isCount(minItems, cap) && isCount(maxItems, cap) && minItems > maxItems) problems.push({ field: 'constraints.minItems', message: 'must not exceed maxItems.' });
    return problems;
  },
  normalize(value, field, previous) {
    if (!Array.isArray(value)) return refuse(`must be an array of option keys, not ${describe(value)}.`);
    const held = Array.isArray(previous) ? previous : [];
    const keys: string[] = [];
    for (const item of value) {
      const option = chosen(item, field, held);
      if (!option.ok) return option;
      if (keys.includes(option.value.key)) return refuse(`lists "${option.value.key}" twice.`);
      keys.push(option.value.key);
    }
    const max = field.constraints.maxItems ?? TYPE_LIMITS.multiSelectMaxItems;
    if (keys.length > max) return refuse(`must list at most ${max} options.`);
    const min = field.constraints.minItems;
    if (min !== undefined && keys.length < min) return refuse(`must list at least ${min} options.`);
    return accept(inOptionOrder(keys, field));
  },
  operand(operator, value, field) {
    return keyList(value, field, operator === 'in' ? MAX_FILTER_IN_VALUES : TYPE_LIMITS.multiSelectMaxItems);
  },
};
