import type { SearchDocument } from '@tessera/module-sdk';
import type { Contact } from '../contacts/contact.entity';

/**
 * The search document of a contact: the one place that decides what search sees of it. Not indexed yet
 * (the platform's search port lands next); `ContactWrites` will upsert it on every write and remove it on
 * every hard delete, so no other code has to know about search.
 */
export function contactSearchDocument(contact: Contact): SearchDocument {
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
