import { Inject, Injectable } from '@nestjs/common';
import { CUSTOM_FIELDS, type CustomFields } from '@tessera/custom-fields';
import { EntityManager } from '@tessera/module-sdk';
import { Contact } from '../contacts/contact.entity';
import { ContactLookup } from '../contacts/contact-lookup.service';
import { CONTACT_TARGET } from '../contacts/contact-target';
import { contactView, type ContactView } from '../contacts/contact-view';

/** At most this many duplicates are answered (most shared identifiers first). */
export const MAX_DUPLICATES = 50;

export interface DuplicateMatch {
  readonly kind: 'email' | 'phone';
  readonly value: string;
}

export interface Duplicate {
  readonly contact: ContactView;
  readonly matches: readonly DuplicateMatch[];
}

// Other live contacts sharing an email or a phone with the contact, through the identifiers index.
const SHARED = `
  SELECT o.contact_id, json_agg(json_build_object('kind', o.kind, 'value', o.value) ORDER BY o.kind, o.value) AS matches
    FROM contact_identifiers s
    JOIN contact_identifiers o ON o.tenant_id = s.tenant_id AND o.kind = s.kind AND o.value = s.value AND o.contact_id <> s.contact_id
    JOIN contacts c ON c.tenant_id = o.tenant_id AND c.id = o.contact_id AND c.deleted_at IS NULL
   WHERE s.contact_id = ? AND s.kind IN ('email', 'phone')
   GROUP BY o.contact_id`;

/** Duplicates by email or phone (exact, normalised values: emails lower-cased, phones in E.164). */
@Injectable()
export class DuplicatesService {
  constructor(
    private readonly em: EntityManager,
    private readonly lookup: ContactLookup,
    @Inject(CUSTOM_FIELDS) private readonly customFields: CustomFields,
  ) {}

  async of(id: string): Promise<{ data: Duplicate[] }> {
    await this.lookup.find(id);
    const rows = await this.em.execute<Array<{ contact_id: string; matches: DuplicateMatch[] }>>(
      `${SHARED} ORDER BY count(*) DESC, o.contact_id LIMIT ?`,
      [id, MAX_DUPLICATES],
    );
    if (rows.length === 0) return { data: [] };
    const contacts = new Map((await this.em.find(Contact, { id: { $in: rows.map((row) => row.contact_id) } })).map((c) => [c.id, c]));
    const fields = await this.customFields.forTarget(CONTACT_TARGET);
    return {
      data: rows.flatMap((row) => {
        const contact = contacts.get(row.contact_id);
        return contact ? [{ contact: contactView(contact, fields), matches: row.matches }] : [];
      }),
    };
  }

  /** How many live contacts share an email or a phone with the contact (the duplicate-hints count). */
  async count(id: string): Promise<number> {
    const [row] = await this.em.execute<Array<{ count: string }>>(`SELECT count(*) AS count FROM (${SHARED}) d`, [id]);
    return Number(row?.count ?? 0);
  }
}
