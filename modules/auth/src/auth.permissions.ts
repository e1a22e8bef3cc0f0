import type { PermissionDeclaration } from '@tessera/module-sdk';

/** The tenant permissions of the auth module's routes. Owners hold every tenant permission anyway. */
export const AUTH_PERMISSIONS: readonly PermissionDeclaration[] = [
  { key: 'auth.members.read', description: 'See the members of the tenant and their roles.', defaultRoles: ['owner', 'admin', 'member'] },
  { key: 'auth.members.manage', description: 'Invite members, change their roles, remove them.', defaultRoles: ['owner', 'admin'] },
  { key: 'auth.roles.read', description: "See the tenant's roles and their permissions.", defaultRoles: ['owner', 'admin'] },
  { key: 'auth.roles.manage', description: 'Create, change and delete tenant-defined roles.', defaultRoles: ['owner', 'admin'] },
  { key: 'auth.api-keys.manage', description: 'Create, list and revoke API keys for integrations.', defaultRoles: ['owner', 'admin'] },
];
