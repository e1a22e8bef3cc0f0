import { ValidationError, type FieldProblem } from '@tessera/module-sdk';
import type { SqlFragment } from '../contract/custom-fields.contract';
import type { CurrencyValue, CustomFieldDefinition } from '../contract/custom-field-types';
import { CUSTOM_FIELD_FILTER_OPERATORS, MAX_FILTER_CONDITIONS, MAX_FILTER_IN_VALUES, type CustomFieldFilterOperator } from '../contract/filter-syntax';
import { isPlainObject } from '../types/field-type';
import { handlerOf } from '../types/field-types';
import { compose, fragment, join, param } from './sql';
import { castOf, valueExpression } from './value-expression';

const RANGE: Readonly<Record<string, string>> = { gt: '>', gte: '>=', lt: '<', lte: '<=' };

/** `%`, `_` and the escape character itself are literal in a `contains` operand. */
const likePattern = (text: string) => `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;

/** Containment of `{ key: value }`: the form the target's GIN index (jsonb_path_ops) serves. */
const contains = (column: string, key: string, value: unknown) => fragment(`${column} @> ?::jsonb`, [JSON.stringify({ [key]: value })]);

function condition(column: string, field: CustomFieldDefinition, operator: CustomFieldFilterOperator, operand: unknown): SqlFragment {
  const { key } = field;
  const handler = handlerOf(field.type);
  if (operator === 'exists') return fragment(`(${column} -> ?) IS ${operand ? 'NOT NULL' : 'NULL'}`, [key]);
  if (operator === 'eq') return contains(column, key, operand);
  if (operator === 'ne') return compose`NOT (${contains(column, key, operand)})`;
  if (operator === 'in') {
    // multi_select: holds any of the keys; other types: equals any of the values.
    // `@> ANY (ARRAY[...])`, not ORed `@>`: the planner serves the array form with one GIN bitmap scan.
    const values = operand as unknown[];
    const parts = values.map((value) => param(JSON.stringify({ [key]: field.type === 'multi_select' ? [value] : value }), 'jsonb'));
    return compose`(${fragment(column)} @> ANY (ARRAY[${join(parts, ', ')}]))`;
  }
  if (operator === 'contains') {
    if (field.type === 'multi_select') return contains(column, key, operand);
    return compose`(${valueExpression('text', column, key)} ILIKE ${param(likePattern(operand as string))} ESCAPE '!')`;
  }
  const comparison = RANGE[operator]!;
  const kind = handler.sqlKind!;
  if (kind === 'amount') {
    const money = operand as CurrencyValue;
    return compose`(${contains(column, key, { currency: money.currency })} AND ${valueExpression(kind, column, key)} ${fragment(comparison)} ${param(money.amount, 'numeric')})`;
  }
  return compose`(${valueExpression(kind, column, key)} ${fragment(comparison)} ${param(operand, castOf(kind))})`;
}

/**
 * Parses a filter against the fields the caller may read, collecting every problem before refusing, and
 * compiles it to one AND-ed condition with bound parameters.
 */
export function compileFilter(filter: unknown, fields: ReadonlyMap<string, CustomFieldDefinition>, column: string, path: string, targetName: string): SqlFragment | null {
  if (filter === undefined || filter === null) return null;
  if (!isPlainObject(filter)) throw new ValidationError([{ field: path, message: 'must be an object: field key → operator → value.' }]);
  const problems: FieldProblem[] = [];
  const parts: SqlFragment[] = [];
  let count = 0;
  for (const [key, conditions] of Object.entries(filter)) {
    const field = fields.get(key);
    if (!field) {
      problems.push({ field: `${path}.${key}`, message: `is not a custom field of ${targetName} you can filter on.` });
      continue;
    }
    if (!isPlainObject(conditions) || Object.keys(conditions).length === 0) {
      problems.push({ field: `${path}.${key}`, message: 'must be an object of operators, such as {"eq": ...}.' });
      continue;
    }
    const handler = handlerOf(field.type);
    for (const [operator, operand] of Object.entries(conditions)) {
      const at = `${path}.${key}.${operator}`;
      count++;
      if (!(CUSTOM_FIELD_FILTER_OPERATORS as readonly string[]).includes(operator)) {
        problems.push({ field: at, message: `is not a filter operator (operators: ${CUSTOM_FIELD_FILTER_OPERATORS.join(', ')}).` });
        continue;
      }
      const op = operator as CustomFieldFilterOperator;
      if (!handler.operators.includes(op)) {
        problems.push({ field: at, message: `does not apply to ${field.type} fields (they accept ${handler.operators.join(', ')}).` });
        continue;
      }
      if (op === 'exists') {
        if (typeof operand !== 'boolean') problems.push({ field: at, message: 'must be true or false.' });
        else parts.push(condition(column, field, op, operand));
        continue;
      }
      if (op === 'in' && field.type !== 'multi_select' && field.type !== 'single_select') {
        if (!Array.isArray(operand) || operand.length === 0 || operand.length > MAX_FILTER_IN_VALUES) {
          problems.push({ field: at, message: `must be a list of 1 to ${MAX_FILTER_IN_VALUES} values.` });
          continue;
        }
        const values: unknown[] = [];
        for (const [i, item] of operand.entries()) {
          const checked = handler.operand(op, item, field);
          if (checked.ok) values.push(checked.value);
          else problems.push({ field: `${at}.${i}`, message: checked.message });
        }
        if (values.length === operand.length) parts.push(condition(column, field, op, values));
        continue;
      }
      const checked = handler.operand(op, operand, field);
      if (checked.ok) parts.push(condition(column, field, op, checked.value));
      else problems.push({ field: at, message: checked.message });
    }
  }
  if (count > MAX_FILTER_CONDITIONS) problems.push({ field: path, message: `has ${count} conditions; at most ${MAX_FILTER_CONDITIONS} are allowed.` });
  if (problems.length > 0) throw new ValidationError(problems, 'The custom field filter is invalid.');
  return parts.length === 0 ? null : compose`(${join(parts, ' AND ')})`;
}
