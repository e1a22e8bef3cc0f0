import { Injectable } from '@nestjs/common';
import { EntityManager } from '@tessera/module-sdk';

const keyOf = (kind: 'email' | 'phone', value: string) => `${kind}:${value}`;

/**
 * The duplicates of one batch's rows: value → the live contact holding it. Filled from the database once per
 * batch, then kept up to date with the contacts the batch creates and updates, so a row also matches an
 * earlier row of the same file.
 */
export class BatchDuplicates {
  constructor(private readonly known: Map<string, string>) {}

  /** A contact holding one of the emails, else one of the phone numbers (normalised). */
  find(emails: readonly string[], phones: readonly string[]): string | null {
    for (const email of emails) {
      const id = this.known.get(keyOf('email', email));
      if (id) return id;
    }
    for (const phone of phones) {
      const id = this.known.get(keyOf('phone', phone));
      if (id) return id;
    }
    return null;
  }

  /** A contact of this batch now holds these values (the oldest holder of a value keeps it). */
  remember(contactId: string, emails: readonly string[], phones: readonly string[]): void {
    for (const key of [...emails.map((e) => keyOf('email', e)), ...phones.map((p) => keyOf('phone', p))]) {
      if (!this.known.has(key)) this.known.set(key, contactId);
    }
  }

  /** A contact of this batch that was not written after all: its values were held by nobody else before it. */
  forget(contactId: string): void {
    for (const [key, id] of this.known) if (id === contactId) this.known.delete(key);
  }
}

/**
 * Looks up, through `contact_identifiers`, which live contacts hold the emails and phone numbers of a batch
 * (the oldest one per value; trash and merged contacts excluded). One query per batch rather than one per row,
 * written so that PostgreSQL's plan does not depend on its statistics, which during an import are those of a
 * tenant that had few or no contacts (its `tenant_id` in no histogram: "one row" of it):
 * - each value is looked up on its own (a LATERAL subquery, through the `(tenant_id, kind, value)` index);
 * - its holders are joined by primary key only: the subquery names no `deleted_at` condition, which would let the
 *   planner walk a partial index of live contacts instead, every contact of the tenant per holder; live holders
 *   sort first, and whether the first one is live is checked outside the LIMIT (a condition PostgreSQL cannot
 *   push into it).
 * Measured at 20,000 imported contacts: the plain join took 190 ms a batch with no duplicates and 3.7 s with 500
 * (a scan of the tenant's contacts per holder); this takes about 6 ms and 15 ms.
 */
@Injectable()
export class DuplicateMatch {
  constructor(private readonly em: EntityManager) {}

  async forBatch(emails: readonly string[], phones: readonly string[]): Promise<BatchDuplicates> {
    const wanted = [...new Map([...emails.map((value) => ({ kind: 'email', value })), ...phones.map((value) => ({ kind: 'phone', value }))].map((w) => [`${w.kind}:${w.value}`, w])).values()];
    const known = new Map<string, string>();
    if (wanted.length === 0) return new BatchDuplicates(known);
    const rows = await this.em.execute<Array<{ kind: 'email' | 'phone'; value: string; contact_id: string }>>(
      `SELECT w.kind, w.value, m.contact_id
         FROM jsonb_to_recordset(?::jsonb) AS w(kind text, value text)
         CROSS JOIN LATERAL (
           SELECT c.id AS contact_id, c.deleted_at
             FROM contact_identifiers i
             JOIN contacts c ON c.id = i.contact_id
            WHERE i.kind = w.kind AND i.value = w.value
            ORDER BY c.deleted_at IS NOT NULL, c.id
            LIMIT 1
         ) m
        WHERE m.deleted_at IS NULL`,
      [JSON.stringify(wanted)],
    );
    for (const row of rows) known.set(keyOf(row.kind, row.value), row.contact_id);
    return new BatchDuplicates(known);
  }
}
