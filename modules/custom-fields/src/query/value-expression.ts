import type { SqlFragment } from '../contract/custom-fields.contract';
import type { SqlKind } from '../types/field-type';
import { fragment } from './sql';

/** The typed SQL expression of one field's value (NULL when the row has none); `column` is a quoted reference. */
export function valueExpression(kind: SqlKind, column: string, key: string): SqlFragment {
  switch (kind) {
    case 'text':
      return fragment(`(${column} ->> ?)`, [key]);
    case 'ordered-text':
      return fragment(`((${column} ->> ?) COLLATE "C")`, [key]);
    case 'numeric':
      return fragment(`((${column} ->> ?)::numeric)`, [key]);
    case 'amount':
      return fragment(`((${column} -> ? ->> 'amount')::numeric)`, [key]);
    case 'boolean':
      return fragment(`((${column} -> ?)::boolean)`, [key]);
  }
}

/** The cast of a parameter compared with an expression of `kind`. */
export const castOf = (kind: SqlKind): string | undefined => (kind === 'numeric' || kind === 'amount' ? 'numeric' : kind === 'boolean' ? 'boolean' : undefined);
