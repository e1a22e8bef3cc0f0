import { Injectable } from '@nestjs/common';
import type { CustomFieldValues, SqlFragment } from '@tessera/custom-fields';
import { EntityManager } from '@tessera/module-sdk';
import type { ContactEmail, ContactPhone } from './contact.entity';

/** A contact read as a plain row, for work over many contacts (exports, search rebuilds). */
export interface ContactRow {
  readonly id: string;
  readonly displayName: string;
  readonly prefix: string | null;
  readonly firstName: string | null;
  readonly middleName: string | null;
  readonly lastName: string | null;
  readonly suffix: string | null;
  readonly company: string | null;
  readonly jobTitle: string | null;
  readonly emails: readonly ContactEmail[];
  readonly phones: readonly ContactPhone[];
  readonly tags: readonly string[];
  readonly ownerId: string | null;
  readonly customFields: CustomFieldValues;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly deletedAt: Date | null;
}

const COLUMNS = `c.id, c.display_name AS "displayName", c.prefix, c.first_name AS "firstName", c.middle_name AS "middleName",
  c.last_name AS "lastName", c.suffix, c.company, c.job_title AS "jobTitle", c.emails, c.phones, c.tags, c.owner_id AS "ownerId",
  c.custom_fields AS "customFields", c.created_at AS "createdAt", c.updated_at AS "updatedAt", c.deleted_at AS "deletedAt"`;

type RawRow = Omit<ContactRow, 'createdAt' | 'updatedAt' | 'deletedAt'> & { createdAt: Date | string; updatedAt: Date | string; deletedAt: Date | string | null };

const instant = (value: Date | string): Date => (value instanceof Date ? value : new Date(value));

/**
 * Streams the tenant's contacts matching `where` (fragments on alias `c`, ANDed) in keyset pages by id: each
 * page is one indexed query continuing after the last id of the previous one (no OFFSET, which would rescan
 * every earlier row). Rows are plain objects, not entities, so nothing accumulates in the unit of work's
 * identity map: memory stays one page whatever the number of contacts. Rows added or changed while the
 * pages are read appear or not depending on their id, as with any keyset scan; none is read twice.
 */
@Injectable()
export class ContactPages {
  constructor(private readonly em: EntityManager) {}

  async *pages(where: readonly SqlFragment[], pageSize: number): AsyncGenerator<ContactRow[]> {
    let after: string | null = null;
    for (;;) {
      const conditions: SqlFragment[] = [...where, ...(after ? [{ sql: 'c.id > ?::uuid', params: [after] }] : [])];
      const sql: string = `SELECT ${COLUMNS} FROM contacts c${conditions.length ? ` WHERE ${conditions.map((c) => `(${c.sql})`).join(' AND ')}` : ''} ORDER BY c.id LIMIT ?`;
      const rows: RawRow[] = await this.em.execute<RawRow[]>(sql, [...conditions.flatMap((c) => c.params), pageSize]);
      if (rows.length === 0) return;
      yield rows.map((row) => ({ ...row, createdAt: instant(row.createdAt), updatedAt: instant(row.updatedAt), deletedAt: row.deletedAt === null ? null : instant(row.deletedAt) }));
      if (rows.length < pageSize) return;
      after = rows.at(-1)!.id;
    }
  }

  /** How many contacts match `where`: the denominator of a progress report. */
  async count(where: readonly SqlFragment[]): Promise<number> {
    const sql = `SELECT count(*) AS count FROM contacts c${where.length ? ` WHERE ${where.map((c) => `(${c.sql})`).join(' AND ')}` : ''}`;
    const [row] = await this.em.execute<Array<{ count: string }>>(sql, where.flatMap((c) => c.params));
    return Number(row?.count ?? 0);
  }
}
