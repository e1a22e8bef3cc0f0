import type { SearchCollectionDeclaration } from '@tessera/module-sdk';

/** The name of the contacts search collection (`searchCollections` of the definition). */
export const CONTACTS_COLLECTION = 'contacts';

/**
 * What search matches a contact by, and how much each match counts: a name first, then an email or a phone
 * number, then the company; the job title and tags (exact tokens) count least, so they refine rather than rank.
 */
export const CONTACTS_SEARCH_COLLECTION: SearchCollectionDeclaration = {
  name: CONTACTS_COLLECTION,
  description: 'Live contacts by name, email, phone number, company, job title and tag.',
  fields: {
    name: { kind: 'text', weight: 'A' },
    emails: { kind: 'email', weight: 'B' },
    phones: { kind: 'phone', weight: 'B' },
    company: { kind: 'text', weight: 'C' },
    jobTitle: { kind: 'text', weight: 'D' },
    tags: { kind: 'keyword', weight: 'D' },
  },
};
