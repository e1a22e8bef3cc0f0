import type { PermissionDeclaration } from '@tessera/module-sdk';

/**
 * Importing writes many contacts at once, so it is a permission of its own (an API key or a custom role can
 * write contacts without importing them); uploading and starting also take `contacts.write`.
 */
export const IMPORT_PERMISSIONS: readonly PermissionDeclaration[] = [
  { key: 'contacts.import', description: 'Import contacts from CSV files, follow imports and download their error reports.', defaultRoles: ['owner', 'admin', 'member'] },
];
