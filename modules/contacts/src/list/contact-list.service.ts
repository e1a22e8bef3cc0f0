import { raw } from '@mikro-orm/core';
import { Inject, Injectable } from '@nestjs/common';
import { CUSTOM_FIELDS, parseCustomFieldSort, type CustomFields } from '@tessera/custom-fields';
import { EntityManager, MODULE_CONFIG } from '@tessera/module-sdk';
import type { ContactsConfig } from '../contacts.config';
import { Contact } from '../contacts/contact.entity';
import { CONTACT_TARGET } from '../contacts/contact-target';
import { contactView, type ContactView } from '../contacts/contact-view';
import { requireTrashAccess } from '../contacts/trash-access';
import { contactFilterConditions } from './contact-filters';
import { DEFAULT_SORT, parseStandardSort, standardSort } from './contact-sorts';
import type { ListContactsQuery } from './list-contacts.dto';

export interface ContactPage {
  readonly data: ContactView[];
  readonly nextCursor: string | null;
}

/** `GET /contacts`: filters, a keyset sort (standard or custom field) and an opaque cursor bound to it. */
@Injectable()
export class ContactListService {
  constructor(
    private readonly em: EntityManager,
    @Inject(CUSTOM_FIELDS) private readonly customFields: CustomFields,
    @Inject(MODULE_CONFIG) private readonly config: ContactsConfig,
  ) {}

  async list(query: ListContactsQuery): Promise<ContactPage> {
    if (query.deleted === 'only') requireTrashAccess();
    const fields = await this.customFields.forTarget(CONTACT_TARGET);
    const qb = this.em.createQueryBuilder(Contact, 'c').select('*');
    for (const condition of contactFilterConditions(query, fields, this.config.defaultPhoneCountry)) qb.andWhere(condition.sql, [...condition.params]);

    const sortParam = query.sort ?? DEFAULT_SORT;
    const standard = parseStandardSort(sortParam);
    let cursorOf: (contact: Contact) => string;
    if (standard) {
      const sort = standardSort(standard);
      if (query.cursor) {
        const after = sort.after(query.cursor);
        qb.andWhere(after.sql, [...after.params]);
      }
      qb.orderBy(sort.orderBy);
      cursorOf = (contact) => sort.cursorOf(contact);
    } else {
      // The DTO's pattern admits only standard keys and customFields.<key>.
      const spec = parseCustomFieldSort(sortParam)!;
      const sort = fields.sort(spec, { alias: 'c' });
      if (query.cursor) {
        const after = sort.after(query.cursor);
        qb.andWhere(after.sql, [...after.params]);
      }
      qb.orderBy([{ [raw(sort.expression.sql, [...sort.expression.params])]: `${spec.direction} nulls last` }, { id: spec.direction }]);
      cursorOf = (contact) => sort.cursorOf({ id: contact.id, values: contact.customFields });
    }

    const rows = await qb.limit(query.limit + 1).getResultList();
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return { data: page.map((contact) => contactView(contact, fields)), nextCursor: rows.length > query.limit && last ? cursorOf(last) : null };
  }
}
