import type { FlagDeclaration } from '@tessera/module-sdk';

export const DUPLICATE_HINTS_FLAG = 'contacts.duplicate-hints';

export const CONTACTS_FLAGS: readonly FlagDeclaration[] = [
  {
    key: DUPLICATE_HINTS_FLAG,
    type: 'release',
    default: false,
    description: 'GET /contacts/:id answers possibleDuplicates: how many live contacts share an email or a phone with it.',
  },
];
