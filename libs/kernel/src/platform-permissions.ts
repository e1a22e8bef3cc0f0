import type { PermissionDeclaration } from '@tessera/module-sdk';

/**
 * Permissions of the platform itself, held only by platform-level principals (platform admins and
 * operators), never granted through a tenant role.
 */
export const PLATFORM_PERMISSIONS: readonly PermissionDeclaration[] = [
  { key: 'platform.modules.read', description: 'See the loaded modules, their versions, dependencies, state and health.' },
];

/** True for a permission that belongs to the platform rather than to a tenant. */
export const isPlatformPermission = (key: string): boolean => key.startsWith('platform.');
