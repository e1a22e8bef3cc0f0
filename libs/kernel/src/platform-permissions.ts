import type { PermissionDeclaration } from '@tessera/module-sdk';

/**
 * Permissions of the platform itself (`platform.*`), held only by platform-level principals (platform
 * admins and operators), never granted through a tenant role.
 */
export const PLATFORM_PERMISSIONS: readonly PermissionDeclaration[] = [
  { key: 'platform.modules.read', description: 'See the loaded modules, their versions, dependencies, state and health.' },
  { key: 'platform.audit.verify', description: 'Verify the platform audit chain and any tenant chain.' },
  { key: 'platform.tenants.manage', description: 'Create tenants and invite their first owner.' },
  { key: 'platform.auth.keys.rotate', description: 'Rotate the signing key of access tokens.' },
  { key: 'platform.tenant-modules.read', description: "See any tenant's modules: enabled, chosen or default." },
  { key: 'platform.tenant-modules.manage', description: 'Enable and disable modules for any tenant.' },
  { key: 'platform.flags.read', description: "See flags: platform-wide settings and any tenant's overrides, with the explain view." },
  { key: 'platform.flags.manage', description: "Change kill switches, rollouts and platform-wide values, and any tenant's overrides." },
  { key: 'platform.queues.read', description: 'See queues, jobs, dead letters and top tenants, and open the queue dashboard read-only.' },
  { key: 'platform.queues.operate', description: 'Retry, remove, pause, resume and replay jobs and queues (in the API and the dashboard).' },
];

/** Tenant permissions the kernel's own routes require (the audit trail of the tenant). */
export const KERNEL_TENANT_PERMISSIONS: readonly PermissionDeclaration[] = [
  { key: 'audit.read', description: "Read the tenant's audit trail.", defaultRoles: ['owner', 'admin'] },
  { key: 'audit.verify', description: "Verify that the tenant's audit trail was not altered.", defaultRoles: ['owner', 'admin'] },
  { key: 'modules.read', description: "See which modules the tenant has.", defaultRoles: ['owner', 'admin'] },
  { key: 'modules.manage', description: 'Enable and disable modules for the tenant.', defaultRoles: ['owner'] },
  { key: 'flags.read', description: "See the tenant's flags and why each has its value.", defaultRoles: ['owner', 'admin'] },
  { key: 'flags.manage', description: "Override the tenant's adjustable flags, for the tenant or one user.", defaultRoles: ['owner', 'admin'] },
  { key: 'jobs.read', description: "See the status and progress of the tenant's background jobs.", defaultRoles: ['owner', 'admin', 'member', 'read-only'] },
];

/** True for a permission that belongs to the platform rather than to a tenant. */
export const isPlatformPermission = (key: string): boolean => key.startsWith('platform.');
