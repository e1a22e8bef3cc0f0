import type { SearchCollectionDeclaration } from '@tessera/module-sdk';

/** The module the contract suite's index is bound to. */
export const CONTRACT_MODULE = 'search-contract';

/** The collections the contract suite indexes: every field kind, every weight that ranking needs. */
export const CONTRACT_COLLECTIONS: readonly SearchCollectionDeclaration[] = [
  {
    name: 'search-contract.people',
    description: 'People by name, email, phone, company and tag',
    fields: {
      name: { kind: 'text', weight: 'A' },
      emails: { kind: 'email', weight: 'B' },
      phones: { kind: 'phone', weight: 'B' },
      company: { kind: 'text', weight: 'C' },
      tags: { kind: 'keyword', weight: 'C' },
    },
  },
  { name: 'search-contract.notes', description: 'Notes by body', fields: { body: { kind: 'text' } } },
];

export const PEOPLE = 'search-contract.people';
export const NOTES = 'search-contract.notes';
