import type { PermissionDeclaration } from './module-definition';

/**
 * Every permission the loaded platform knows: the platform's own (`platform.*`, for platform admins
 * only) and the tenant permissions declared by the kernel and by every loaded module, with their
 * default roles. The auth module builds roles from it.
 *
 * @example
 * ```ts
 * constructor(@Inject(PERMISSION_CATALOG) private readonly catalog: PermissionCatalog) {}
 * const memberPermissions = this.catalog.tenantPermissions().filter((p) => p.defaultRoles?.includes('member'));
 * ```
 */
export interface PermissionCatalog {
  /** Permissions a tenant role can grant. */
  tenantPermissions(): readonly PermissionDeclaration[];
  /** `platform.*` permissions, held by platform-level principals only. */
  platformPermissions(): readonly PermissionDeclaration[];
  has(key: string): boolean;
}

/**
 * Injection token of the {@link PermissionCatalog}.
 *
 * @example
 * ```ts
 * constructor(@Inject(PERMISSION_CATALOG) private readonly catalog: PermissionCatalog) {}
 * ```
 */
export const PERMISSION_CATALOG = Symbol.for('tessera.permission-catalog');
