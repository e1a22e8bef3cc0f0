import type { PermissionDeclaration } from '@tessera/module-sdk';
import { IMPORT_PERMISSIONS } from './import/import.permissions';

/**
 * Reading is for everyone in the tenant; writing for those who work with contacts. Deletion is a soft
 * delete (restorable from the trash until the purge), so members may delete too; merging rewrites two
 * records at once and cannot be undone, so it is for owners and admins.
 */
export const CONTACTS_PERMISSIONS: readonly PermissionDeclaration[] = [
  { key: 'contacts.read', description: 'See contacts, their duplicates and lists.', defaultRoles: ['owner', 'admin', 'member', 'read-only'] },
  { key: 'contacts.write', description: 'Create and change contacts.', defaultRoles: ['owner', 'admin', 'member'] },
  { key: 'contacts.delete', description: 'Move contacts to the trash, see the trash and restore from it.', defaultRoles: ['owner', 'admin', 'member'] },
  { key: 'contacts.merge', description: 'Merge a duplicate contact into another.', defaultRoles: ['owner', 'admin'] },
  ...IMPORT_PERMISSIONS,
  // An export copies many people's data out of the platform at once (GDPR): owners and admins, audited.
  { key: 'contacts.export', description: 'Export contacts to CSV files and download them.', defaultRoles: ['owner', 'admin'] },
];
