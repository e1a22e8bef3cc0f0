import type { CustomFieldTargetDeclaration } from '@tessera/module-sdk';

/** The custom-field target of contacts. */
export const CONTACT_TARGET = 'contact';

export const CONTACT_TARGET_DECLARATION: CustomFieldTargetDeclaration = {
  name: CONTACT_TARGET,
  description: 'A person or an organisation in the contacts module.',
  table: 'contacts',
  column: 'custom_fields',
};
