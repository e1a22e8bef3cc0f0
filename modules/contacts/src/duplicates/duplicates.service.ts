import { Inject, Injectable } from '@nestjs/common';
import { CUSTOM_FIELDS, type CustomFields, type SqlFragment } from '@tessera/custom-fields';
import { EntityManager } from '@tessera/module-sdk';
import { Contact } from '../contacts/contact.entity';
import { ContactLookup } from '../contacts/contact-lookup.service';
import { CONTACT_TARGET } from '../contacts/contact-target';
import { contactView, type ContactView } from '../contacts/contact-view';
import { sharingRows } from './sharing-rows';

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
    const shared = await this.shared(id);
    if (!shared) return { data: [] };
    const rows = await this.em.execute<Array<{ contact_id: string; matches: DuplicateMatch[] }>>(
      `SELECT o.contact_id, json_agg(json_build_object('kind', o.kind, 'value', o.value) ORDER BY o.kind, o.value) AS matches
         FROM ${shared.sql} GROUP BY o.contact_id ORDER BY count(*) DESC, o.contact_id LIMIT ?`,
      [...shared.params, MAX_DUPLICATES],
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
    const shared = await this.shared(id);
    if (!shared) return 0;
    const [row] = await this.em.execute<Array<{ count: string }>>(`SELECT count(DISTINCT o.contact_id) AS count FROM ${shared.sql}`, [...shared.params]);
    return Number(row?.count ?? 0);
  }

  /**
   * The identifier rows of other live contacts holding one of the contact's emails or phones. The contact's
   * own values are read first and bound as literals: the planner then estimates each value on its own, where
   * a self-join would be estimated from the whole column (one tag held by most contacts made it pick a scan of
   * every contact).
   */
  private async shared(id: string): Promise<SqlFragment | null> {
    const own = await this.em.execute<Array<{ kind: string; value: string }>>(
      "SELECT kind, value FROM contact_identifiers WHERE contact_id = ? AND kind IN ('email', 'phone')",
      [id],
    );
    return own.length === 0 ? null : sharingRows(own, id);
  }
}
