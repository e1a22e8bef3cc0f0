import { Injectable } from '@nestjs/common';
import { EntityManager } from '@tessera/module-sdk';

/**
 * The live contact a row duplicates: one holding one of its emails, else one holding one of its phone numbers
 * (normalised values, through `contact_identifiers`), the oldest when several do. Contacts in the trash and
 * merged ones never match. Sees the rows written earlier in the same batch (same transaction).
 */
@Injectable()
export class DuplicateMatch {
  constructor(private readonly em: EntityManager) {}

  async find(emails: readonly string[], phones: readonly string[]): Promise<string | null> {
    const wanted = [...emails.map((value) => ({ kind: 'email', value })), ...phones.map((value) => ({ kind: 'phone', value }))];
    if (wanted.length === 0) return null;
    const [match] = await this.em.execute<Array<{ contact_id: string }>>(
      `SELECT i.contact_id
         FROM contact_identifiers i
         JOIN jsonb_to_recordset(?::jsonb) AS w(kind text, value text) ON i.kind = w.kind AND i.value = w.value
         JOIN contacts c ON c.id = i.contact_id
        WHERE c.deleted_at IS NULL
        ORDER BY (i.kind = 'email') DESC, c.id
        LIMIT 1`,
      [JSON.stringify(wanted)],
    );
    return match?.contact_id ?? null;
  }
}
