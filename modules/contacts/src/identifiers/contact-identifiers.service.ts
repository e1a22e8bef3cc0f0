import { Injectable } from '@nestjs/common';
import { EntityManager, RequestContext } from '@tessera/module-sdk';
import { identifiersOf, type IdentifierKind } from './identifiers-of';

/** What the identifier rows of a contact are made of. */
type IdentifierSource = {
  readonly id: string;
  readonly emails: ReadonlyArray<{ readonly address: string }>;
  readonly phones: ReadonlyArray<{ readonly number: string }>;
  readonly tags: readonly string[];
};

/**
 * `contact_identifiers`, in the caller's transaction. Plain SQL: the rows are derived data with no identity
 * of their own (no entity). The tenant comes from the request context; row-level security checks it again.
 */
@Injectable()
export class ContactIdentifiers {
  constructor(private readonly em: EntityManager) {}

  /** Makes the contact's rows exactly its current emails, phones and tags. */
  async replace(contact: IdentifierSource): Promise<void> {
    await this.em.execute('DELETE FROM contact_identifiers WHERE contact_id = ?', [contact.id]);
    await this.add([contact]);
  }

  /** The rows of contacts that have none yet (new ones): one statement for any number of contacts. */
  async add(contacts: readonly IdentifierSource[]): Promise<void> {
    const rows = contacts.flatMap((contact) => identifiersOf(contact).map((row) => ({ contact_id: contact.id, ...row })));
    if (rows.length === 0) return;
    await this.em.execute(
      `INSERT INTO contact_identifiers (tenant_id, contact_id, kind, value)
       SELECT ?::uuid, r.contact_id, r.kind, r.value FROM jsonb_to_recordset(?::jsonb) AS r(contact_id uuid, kind text, value text)`,
      [RequestContext.requireTenantId(), JSON.stringify(rows)],
    );
  }

  /** Ids of every contact (live or deleted) holding one of the values. */
  async contactIdsWith(matches: ReadonlyArray<{ readonly kind: IdentifierKind; readonly value: string }>): Promise<string[]> {
    if (matches.length === 0) return [];
    const rows = await this.em.execute<Array<{ contact_id: string }>>(
      `SELECT DISTINCT i.contact_id FROM contact_identifiers i
         JOIN jsonb_to_recordset(?::jsonb) AS m(kind text, value text) ON i.kind = m.kind AND i.value = m.value
        ORDER BY i.contact_id`,
      [JSON.stringify(matches)],
    );
    return rows.map((row) => row.contact_id);
  }

  /** How many identifier rows the contacts hold (for erasure reports). */
  async countOf(contactIds: readonly string[]): Promise<number> {
    if (contactIds.length === 0) return 0;
    const [row] = await this.em.execute<Array<{ count: string }>>(
      'SELECT count(*) AS count FROM contact_identifiers WHERE contact_id IN (SELECT value::uuid FROM jsonb_array_elements_text(?::jsonb))',
      [JSON.stringify(contactIds)],
    );
    return Number(row?.count ?? 0);
  }
}
