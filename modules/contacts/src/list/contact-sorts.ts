import type { SqlFragment } from '@tessera/custom-fields';
import { ValidationError } from '@tessera/module-sdk';
import type { Contact } from '../contacts/contact.entity';
import { sql } from './sql-fragment';

/** The standard sorts: column, whether it may be null (nulls come last in both directions), its SQL type. */
export const STANDARD_SORTS = {
  createdAt: { column: 'c.created_at', nullable: false, cast: 'timestamptz' },
  updatedAt: { column: 'c.updated_at', nullable: false, cast: 'timestamptz' },
  lastName: { column: 'c.last_name', nullable: true, cast: 'text' },
  firstName: { column: 'c.first_name', nullable: true, cast: 'text' },
  company: { column: 'c.company', nullable: true, cast: 'text' },
} as const;

export type StandardSortKey = keyof typeof STANDARD_SORTS;

export interface StandardSortSpec {
  readonly key: StandardSortKey;
  readonly direction: 'asc' | 'desc';
}

export const DEFAULT_SORT = '-createdAt';
export const SORT_SYNTAX = 'createdAt, updatedAt, lastName, firstName, company or customFields.<key>, with - for descending';
export const SORT_PATTERN = /^-?(createdAt|updatedAt|lastName|firstName|company|customFields\.[a-z][a-z0-9_]{0,49})$/;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CURSOR_TAG = 'contacts';

/** `lastName` / `-createdAt` → a standard sort; `null` for a custom-field sort (the contract parses those). */
export function parseStandardSort(sort: string): StandardSortSpec | null {
  const direction = sort.startsWith('-') ? 'desc' : 'asc';
  const key = direction === 'desc' ? sort.slice(1) : sort;
  return key in STANDARD_SORTS ? { key: key as StandardSortKey, direction } : null;
}

const badCursor = (message: string) => new ValidationError([{ field: 'cursor', message }], 'The cursor is invalid.');

/** The value a cursor carries for the sort column of a contact: ISO instants, text, or null. */
function sortValue(contact: Contact, key: StandardSortKey): string | null {
  switch (key) {
    case 'createdAt':
      return contact.createdAt.toISOString();
    case 'updatedAt':
      return contact.updatedAt.toISOString();
    default:
      return contact[key];
  }
}

/**
 * Keyset pagination on a standard column with the id as tiebreak, in the sort's direction; nulls last in
 * both directions (as the custom-field sorts of the contract). The cursor names its sort: a cursor of another
 * sort is refused instead of silently skipping rows.
 */
export function standardSort(spec: StandardSortSpec) {
  const { column, nullable, cast } = STANDARD_SORTS[spec.key];
  const direction = spec.direction === 'desc' ? 'desc' : 'asc';
  const after = spec.direction === 'desc' ? '<' : '>';
  return {
    /** For the query builder: property → direction. */
    orderBy: [{ [spec.key]: nullable ? `${direction} nulls last` : direction }, { id: direction }],
    after(cursor: string): SqlFragment {
      let decoded: unknown;
      try {
        decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      } catch {
        throw badCursor('is not a cursor of this list.');
      }
      if (!Array.isArray(decoded) || decoded.length !== 5 || decoded[0] !== CURSOR_TAG) throw badCursor('is not a cursor of this list.');
      const [, key, dir, value, id] = decoded as unknown[];
      if (key !== spec.key || dir !== spec.direction) throw badCursor('belongs to another sort; start again without a cursor.');
      if (typeof id !== 'string' || !UUID.test(id)) throw badCursor('is not a cursor of this list.');
      if (value === null) {
        if (!nullable) throw badCursor('is not a cursor of this list.');
        return sql(`(${column} IS NULL AND c.id ${after} ?::uuid)`, [id]);
      }
      if (typeof value !== 'string' || value.length > 1000 || (cast === 'timestamptz' && Number.isNaN(Date.parse(value)))) throw badCursor('is not a cursor of this list.');
      if (!nullable) return sql(`((${column}, c.id) ${after} (?::${cast}, ?::uuid))`, [value, id]);
      return sql(`(${column} ${after} ?::${cast} OR (${column} = ?::${cast} AND c.id ${after} ?::uuid) OR ${column} IS NULL)`, [value, value, id]);
    },
    cursorOf(contact: Contact): string {
      return Buffer.from(JSON.stringify([CURSOR_TAG, spec.key, spec.direction, sortValue(contact, spec.key), contact.id])).toString('base64url');
    },
  };
}
