import { Injectable } from '@nestjs/common';
import { ConflictError, EntityManager, TesseraError, type CustomFieldTarget } from '@tessera/module-sdk';
import type { CustomFieldType } from '../contract/custom-field-types';
import { columnRef, quoteIdentifier } from '../query/sql';
import type { FieldSpec } from '../types/field-type';
import { conversionOf, convertibleTo } from './type-conversions';

const BATCH = 1000;
const FIRST_ID = '00000000-0000-0000-0000-000000000000';

/** What a type change did. */
export interface TypeChangeResult {
  readonly values: number;
  readonly rewritten: number;
}

/**
 * A field's stored values across the target's rows. Type changes run in the caller's transaction (the definitions service holds
 * the target's exclusive lock, so no write interleaves). Reads every stored value in id batches, converts
 * each with the new definition's rules, and refuses the whole change if any value does not convert.
 */
@Injectable()
export class StoredValues {
  constructor(private readonly em: EntityManager) {}

  async convert(target: CustomFieldTarget, from: CustomFieldType, to: FieldSpec): Promise<TypeChangeResult> {
    const conversion = conversionOf(from, to.type);
    if (!conversion) {
      const possible = convertibleTo(from);
      throw new TesseraError(
        'unprocessable',
        'CUSTOM_FIELD_TYPE_CHANGE_UNSUPPORTED',
        `A ${from} field cannot become ${to.type} without losing data. ${possible.length ? `It can become: ${possible.join(', ')}.` : 'It cannot change type.'} ` +
          'To change anyway, archive this field and create a new one.',
        { from, to: to.type, possible },
      );
    }
    const table = quoteIdentifier(target.table);
    const column = columnRef(target.column);
    let after = FIRST_ID;
    let values = 0;
    let blocking = 0;
    const examples: Array<{ id: string; message: string }> = [];
    let rewritten = 0;
    for (;;) {
      const rows = await this.em.execute<Array<{ id: string; value: unknown }>>(
        `SELECT id, ${column} -> ? AS value FROM ${table} WHERE (${column} -> ?) IS NOT NULL AND id > ?::uuid ORDER BY id LIMIT ${BATCH}`,
        [to.key, to.key, after],
      );
      if (rows.length === 0) break;
      after = rows[rows.length - 1]!.id;
      values += rows.length;
      const updates: Array<{ id: string; value: unknown }> = [];
      for (const row of rows) {
        const checked = conversion.convert(row.value, to);
        if (!checked.ok) {
          blocking++;
          if (examples.length < 5) examples.push({ id: row.id, message: checked.message });
        } else if (blocking === 0 && conversion.rewrites) {
          updates.push({ id: row.id, value: checked.value });
        }
      }
      if (updates.length > 0) {
        // One statement per batch; the request's transaction makes all batches one change (or none).
        await this.em.execute(
          `UPDATE ${table} AS t SET ${quoteIdentifier(target.column)} = jsonb_set(t.${quoteIdentifier(target.column)}, ARRAY[?]::text[], v.value)
             FROM jsonb_to_recordset(?::jsonb) AS v(id uuid, value jsonb) WHERE t.id = v.id`,
          [to.key, JSON.stringify(updates)],
        );
        rewritten += updates.length;
      }
    }
    if (blocking > 0) {
      throw new ConflictError(
        'CUSTOM_FIELD_TYPE_CHANGE_BLOCKED',
        `${blocking} of ${values} stored values of "${to.key}" cannot become ${to.type} without losing data (e.g. ${examples[0]!.message}). ` +
          'Correct or clear those values, then try again.',
        { from, to: to.type, blocking, values, examples },
      );
    }
    return { values, rewritten };
  }

  /** How many pairs of rows share a value: a field with duplicates cannot become unique. */
  async duplicates(target: CustomFieldTarget, key: string): Promise<number> {
    const column = columnRef(target.column);
    const [row] = await this.em.execute<Array<{ duplicated: string }>>(
      `SELECT count(*) AS duplicated FROM (SELECT ${column} -> ? AS v FROM ${quoteIdentifier(target.table)}
         WHERE (${column} -> ?) IS NOT NULL GROUP BY 1 HAVING count(*) > 1) d`,
      [key, key],
    );
    return Number(row?.duplicated ?? 0);
  }

  /** Rows of the target that hold a value for `key`. */
  async holders(target: CustomFieldTarget, key: string): Promise<number> {
    const column = columnRef(target.column);
    const [row] = await this.em.execute<Array<{ holders: string }>>(
      `SELECT count(*) AS holders FROM ${quoteIdentifier(target.table)} WHERE (${column} -> ?) IS NOT NULL`,
      [key],
    );
    return Number(row?.holders ?? 0);
  }
}
