import type { SearchDocument } from '@tessera/module-sdk';
import type { ContactEmail, ContactPhone } from '../contacts/contact.entity';

/** What a search document is built from: a loaded contact, or a row read for a rebuild. */
export interface ContactSearchSource {
  readonly id: string;
  readonly displayName: string;
  readonly firstName: string | null;
  readonly middleName: string | null;
  readonly lastName: string | null;
  readonly company: string | null;
  readonly jobTitle: string | null;
  readonly emails: readonly ContactEmail[];
  readonly phones: readonly ContactPhone[];
  readonly tags: readonly string[];
}

/**
 * The search document of a contact: the one place that decides what search sees of it (the fields of
 * `CONTACTS_SEARCH_COLLECTION`). `ContactWrites` upserts it on every write of a live contact and removes it
 * when the contact leaves (trash, merge, purge, erasure), so no other code has to know about search.
 */
export function contactSearchDocument(contact: ContactSearchSource): SearchDocument {
  const names = [contact.displayName, contact.firstName, contact.middleName, contact.lastName].filter((part): part is string => Boolean(part));
  return {
    id: contact.id,
    fields: {
      name: [...new Set(names)],
      emails: contact.emails.map((email) => email.address),
      phones: contact.phones.map((phone) => phone.number),
      company: contact.company,
      jobTitle: contact.jobTitle,
      tags: contact.tags,
    },
  };
}
