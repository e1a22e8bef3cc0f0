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
 * (the oldest one per value; trash and merged contacts excluded). One query per batch rather than one per
 * row: a tenant's tables grow fast during an import, and a per-row join planned on statistics from before
 * it (a few rows) scans every contact for every row.
 */
@Injectable()
export class DuplicateMatch {
  constructor(private readonly em: EntityManager) {}

  async forBatch(emails: readonly string[], phones: readonly string[]): Promise<BatchDuplicates> {
    const wanted = [...new Map([...emails.map((value) => ({ kind: 'email', value })), ...phones.map((value) => ({ kind: 'phone', value }))].map((w) => [`${w.kind}:${w.value}`, w])).values()];
    const known = new Map<string, string>();
    if (wanted.length === 0) return new BatchDuplicates(known);
    const rows = await this.em.execute<Array<{ kind: 'email' | 'phone'; value: string; contact_id: string }>>(
      `SELECT DISTINCT ON (i.kind, i.value) i.kind, i.value, i.contact_id
         FROM jsonb_to_recordset(?::jsonb) AS w(kind text, value text)
         JOIN contact_identifiers i ON i.kind = w.kind AND i.value = w.value
         JOIN contacts c ON c.id = i.contact_id
        WHERE c.deleted_at IS NULL
        ORDER BY i.kind, i.value, c.id`,
      [JSON.stringify(wanted)],
    );
    for (const row of rows) known.set(keyOf(row.kind, row.value), row.contact_id);
    return new BatchDuplicates(known);
  }
}
