import type { PermissionDeclaration } from '@tessera/module-sdk';

/**
 * Permissions of the platform itself (`platform.*`), held only by platform-level principals (platform
 * admins and operators), never granted through a tenant role.
 */
export const PLATFORM_PERMISSIONS: readonly PermissionDeclaration[] = [
  { key: 'platform.modules.read', description: 'See the loaded modules, their versions, dependencies, state and health.' },
  { key: 'platform.audit.verify', description: 'Verify the platform audit chain and any tenant chain.' },
  { key: 'platform.queues.read', description: 'See queues, jobs, dead letters and top tenants, and open the queue dashboard read-only.' },
  { key: 'platform.queues.operate', description: 'Retry, remove, pause, resume and replay jobs and queues (in the API and the dashboard).' },
];

/** Tenant permissions the kernel's own routes require (the audit trail of the tenant). */
export const KERNEL_TENANT_PERMISSIONS: readonly PermissionDeclaration[] = [
  { key: 'audit.read', description: "Read the tenant's audit trail.", defaultRoles: ['owner', 'admin'] },
  { key: 'audit.verify', description: "Verify that the tenant's audit trail was not altered.", defaultRoles: ['owner', 'admin'] },
  { key: 'jobs.read', description: "See the status and progress of the tenant's background jobs.", defaultRoles: ['owner', 'admin', 'member', 'read-only'] },
];

/** True for a permission that belongs to the platform rather than to a tenant. */
export const isPlatformPermission = (key: string): boolean => key.startsWith('platform.');
