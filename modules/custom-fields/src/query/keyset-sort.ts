import { ValidationError } from '@tessera/module-sdk';
import type { CustomFieldSort, SqlFragment } from '../contract/custom-fields.contract';
import type { CustomFieldDefinition, CustomFieldValue } from '../contract/custom-field-types';
import type { CustomFieldSortSpec } from '../contract/filter-syntax';
import type { SqlKind } from '../types/field-type';
import { compose, fragment, param } from './sql';
import { castOf, valueExpression } from './value-expression';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The scalar the sort expression yields for a stored value (what a cursor carries). */
function sortScalar(kind: SqlKind, value: CustomFieldValue | undefined): string | number | boolean | null {
  if (value === undefined || value === null) return null;
  if (kind === 'amount') return typeof value === 'object' && !Array.isArray(value) ? (value as { amount: string }).amount : null;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
}

/** A cursor value of the type the sort expression compares (a tampered cursor never reaches SQL). */
function fitsKind(kind: SqlKind, value: unknown): boolean {
  if (kind === 'boolean') return typeof value === 'boolean';
  if (kind === 'numeric' || kind === 'amount') return (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && /^-?\d{1,40}(\.\d{1,40})?$/.test(value));
  return typeof value === 'string';
}

const badCursor = (message: string) => new ValidationError([{ field: 'cursor', message }], 'The cursor is invalid.');

/**
 * Keyset pagination over (value, id): ORDER BY value NULLS LAST, id, in the sort's direction. The cursor
 * names the sort it belongs to, so a cursor of another sort is refused instead of skipping rows.
 */
export function keysetSort(field: CustomFieldDefinition, kind: SqlKind, spec: CustomFieldSortSpec, column: string, idColumn: string): CustomFieldSort {
  const expression = valueExpression(kind, column, field.key);
  const direction = spec.direction === 'desc' ? 'DESC' : 'ASC';
  const after = spec.direction === 'desc' ? '<' : '>';
  const id = fragment(idColumn);
  return {
    spec,
    expression,
    orderBy: compose`${expression} ${fragment(direction)} NULLS LAST, ${id} ${fragment(direction)}`,
    after(cursor: string): SqlFragment {
      let decoded: unknown;
      try {
        decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      } catch {
        throw badCursor('is not a cursor of this list.');
      }
      if (!Array.isArray(decoded) || decoded.length !== 4) throw badCursor('is not a cursor of this list.');
      const [key, dir, value, rowId] = decoded as [unknown, unknown, unknown, unknown];
      if (key !== field.key || dir !== spec.direction) throw badCursor('belongs to another sort; start again without a cursor.');
      if (typeof rowId !== 'string' || !UUID.test(rowId)) throw badCursor('is not a cursor of this list.');
      if (value === null) return compose`(${expression} IS NULL AND ${id} ${fragment(after)} ${param(rowId, 'uuid')})`;
      if (!fitsKind(kind, value)) throw badCursor('is not a cursor of this list.');
      const bound = () => param(value, castOf(kind));
      return compose`(${expression} ${fragment(after)} ${bound()} OR (${expression} = ${bound()} AND ${id} ${fragment(after)} ${param(rowId, 'uuid')}) OR ${expression} IS NULL)`;
    },
    cursorOf(row) {
      return Buffer.from(JSON.stringify([field.key, spec.direction, sortScalar(kind, row.values?.[field.key]), row.id])).toString('base64url');
    },
  };
}
