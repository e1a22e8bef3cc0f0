import { ConflictError, type CustomFieldTarget, type EntityManager, type FieldProblem } from '@tessera/module-sdk';
import type { CustomFieldValue } from '../contract/custom-field-types';
import { columnRef, quoteIdentifier } from '../query/sql';
import { lockUniqueValue } from './target-locks';

/** A value to match against its field's pattern. */
export interface PatternCheck {
  readonly path: string;
  readonly value: string;
  readonly pattern: string;
}

/**
 * Patterns are PostgreSQL regular expressions, matched by PostgreSQL: its engine runs without
 * backtracking when there are no back-references (refused in definitions), so a tenant's pattern cannot
 * stall a process. All of one write's checks go in one query.
 */
export async function failedPatterns(em: EntityManager, checks: readonly PatternCheck[]): Promise<FieldProblem[]> {
  if (checks.length === 0) return [];
  const rows = await em.execute<Array<{ i: number }>>(
    'SELECT c.i FROM jsonb_to_recordset(?::jsonb) AS c(i int, v text, p text) WHERE NOT (c.v ~ c.p)',
    [JSON.stringify(checks.map((check, i) => ({ i, v: check.value, p: check.pattern })))],
  );
  return rows.map(({ i }) => ({ field: checks[i]!.path, message: 'does not match the pattern of this field.' }));
}

/** A value of a unique field about to be stored in `rowId` (undefined for a row not created yet). */
export interface UniqueCheck {
  readonly path: string;
  readonly key: string;
  readonly value: CustomFieldValue;
  readonly rowId: string | undefined;
}

/**
 * Refuses a value another row of the target already holds. Each value is locked first (transaction-scoped
 * advisory lock) so that two concurrent writers of the same value are serialised: the second one sees the
 * first one's committed row. `claimed` holds the values accepted earlier in the same unit of work (an import
 * validates many rows before it flushes them).
 */
export async function checkUnique(
  em: EntityManager,
  target: CustomFieldTarget,
  checks: readonly UniqueCheck[],
  claimed: Map<string, string>,
): Promise<void> {
  const column = columnRef(target.column);
  for (const check of checks) {
    const json = JSON.stringify({ [check.key]: check.value });
    const owner = claimed.get(json);
    if (owner !== undefined && owner !== check.rowId) throw taken(check);
    await lockUniqueValue(em, target.name, check.key, json);
    const rows = await em.execute<Array<{ id: string }>>(
      `SELECT id FROM ${quoteIdentifier(target.table)} WHERE ${column} @> ?::jsonb AND id IS DISTINCT FROM ?::uuid LIMIT 1`,
      [json, check.rowId ?? null],
    );
    if (rows.length > 0) throw taken(check);
    claimed.set(json, check.rowId ?? `new:${claimed.size}`);
  }
}

const taken = (check: UniqueCheck) =>
  new ConflictError('CUSTOM_FIELD_VALUE_TAKEN', `Another record already has this value of the unique field "${check.key}".`, [
    { field: check.path, message: 'is already used by another record (the field is unique).' },
  ]);
