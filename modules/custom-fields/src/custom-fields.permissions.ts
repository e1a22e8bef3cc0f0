import type { PermissionDeclaration } from '@tessera/module-sdk';

/**
 * Reading definitions is what every form and list needs (fields the caller's roles may not read stay
 * hidden anyway); changing them is for administrators. Values are guarded by the target's own
 * permissions plus each field's read and write roles.
 */
export const CUSTOM_FIELDS_PERMISSIONS: readonly PermissionDeclaration[] = [
  {
    key: 'custom-fields.read',
    description: 'See the custom field definitions of every target (those your roles may read).',
    defaultRoles: ['owner', 'admin', 'member', 'read-only'],
  },
  { key: 'custom-fields.manage', description: 'Define, change, archive and delete custom fields.', defaultRoles: ['owner', 'admin'] },
];
