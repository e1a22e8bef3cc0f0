import { Inject, Injectable } from '@nestjs/common';
import { SEARCH_INDEX, type SearchDocument, type SearchIndex } from '@tessera/module-sdk';
import { contactSearchDocument, type ContactSearchSource } from './contact-search-document';
import { CONTACTS_COLLECTION } from './contacts-search.collection';

/** The port's limit of documents per `upsert` call and of ids per `remove` call. */
const PORT_BATCH = 1_000;

/**
 * The contacts collection of the platform's search port. Only `ContactWrites` calls it: with the PostgreSQL
 * backend the document is written in the transaction of the row (a contact is searchable exactly when it
 * is live and committed); with Elasticsearch it is sent after the commit.
 */
@Injectable()
export class ContactSearchIndex {
  constructor(@Inject(SEARCH_INDEX) private readonly search: SearchIndex) {}

  /** A live contact is searchable; one in the trash (deleted or merged) is not. */
  async follow(contact: ContactSearchSource & { readonly deletedAt: Date | null }): Promise<void> {
    if (contact.deletedAt) await this.search.remove(CONTACTS_COLLECTION, [contact.id]);
    else await this.search.upsert(CONTACTS_COLLECTION, [contactSearchDocument(contact)]);
  }

  /** The documents of many live contacts (new ones: an import batch), in calls of at most the port's 1,000. */
  async upsertAll(contacts: ReadonlyArray<ContactSearchSource>): Promise<void> {
    for (let start = 0; start < contacts.length; start += PORT_BATCH) {
      await this.search.upsert(CONTACTS_COLLECTION, contacts.slice(start, start + PORT_BATCH).map(contactSearchDocument));
    }
  }

  async remove(ids: readonly string[]): Promise<void> {
    for (let start = 0; start < ids.length; start += PORT_BATCH) await this.search.remove(CONTACTS_COLLECTION, ids.slice(start, start + PORT_BATCH));
  }

  /** Makes the collection exactly the documents `batches` yield (documents not yielded are removed). */
  async rebuild(batches: AsyncIterable<readonly SearchDocument[]>): Promise<number> {
    return (await this.search.rebuild(CONTACTS_COLLECTION, batches)).indexed;
  }
}
