import { Inject, Injectable } from '@nestjs/common';
import { CUSTOM_FIELDS, type CustomFields } from '@tessera/custom-fields';
import { EntityManager, SEARCH_INDEX, ValidationError, type FieldProblem, type SearchIndex, type SearchPage } from '@tessera/module-sdk';
import { Contact } from '../contacts/contact.entity';
import { CONTACT_TARGET } from '../contacts/contact-target';
import { contactView } from '../contacts/contact-view';
import type { ContactPage } from '../list/contact-list.service';
import { CONTACTS_COLLECTION } from './contacts-search.collection';
import type { SearchContactsQuery } from './search-contacts.dto';

/**
 * `GET /contacts/search`: the port ranks ids, the rows come through the ORM (row-level security and the
 * tenant filter apply), in the port's order. Ids that no longer resolve to a live contact (an Elasticsearch
 * index behind a delete) are dropped, so a page can be shorter than `limit` while `nextCursor` is set.
 */
@Injectable()
export class ContactSearchService {
  constructor(
    private readonly em: EntityManager,
    @Inject(SEARCH_INDEX) private readonly search: SearchIndex,
    @Inject(CUSTOM_FIELDS) private readonly customFields: CustomFields,
  ) {}

  async find(query: SearchContactsQuery): Promise<ContactPage> {
    const fields = await this.customFields.forTarget(CONTACT_TARGET);
    const page = await this.hits(query);
    if (page.hits.length === 0) return { data: [], nextCursor: page.nextCursor };
    const rows = await this.em.find(Contact, { id: { $in: page.hits.map((hit) => hit.id) }, deletedAt: null });
    const byId = new Map(rows.map((row) => [row.id, row]));
    const data = page.hits.map((hit) => byId.get(hit.id)).filter((row): row is Contact => row !== undefined);
    return { data: data.map((contact) => contactView(contact, fields)), nextCursor: page.nextCursor };
  }

  /** The port's page; its problems are reported under this route's parameter names (`text` is `q`). */
  private async hits(query: SearchContactsQuery): Promise<SearchPage> {
    try {
      return await this.search.search(CONTACTS_COLLECTION, { text: query.q, limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const problems = (error.details as FieldProblem[]).map((problem) => (problem.field === 'text' ? { ...problem, field: 'q' } : problem));
      throw new ValidationError(problems, error.message);
    }
  }
}
