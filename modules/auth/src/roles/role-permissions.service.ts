import { EntityManager } from '@mikro-orm/core';
import { Inject, Injectable } from '@nestjs/common';
import { PERMISSION_CATALOG, type BuiltInRole, type PermissionCatalog } from '@tessera/module-sdk';
import { Role } from '../entities/role.entity';

export const BUILT_IN_ROLES: readonly BuiltInRole[] = ['owner', 'admin', 'member', 'read-only'];

export const isBuiltInRole = (key: string): key is BuiltInRole => (BUILT_IN_ROLES as readonly string[]).includes(key);

/**
 * Turns roles into permissions. Built-in roles come from the permission catalog (each permission's
 * `defaultRoles`; the owner holds every tenant permission); tenant-defined roles are stored. Only
 * permissions a loaded module declares count, and never a `platform.*` one.
 */
@Injectable()
export class RolePermissions {
  constructor(
    @Inject(PERMISSION_CATALOG) private readonly catalog: PermissionCatalog,
    private readonly em: EntityManager,
  ) {}

  /** Every tenant permission key the platform knows. */
  tenantPermissionKeys(): string[] {
    return this.catalog.tenantPermissions().map((p) => p.key);
  }

  platformPermissionKeys(): string[] {
    return this.catalog.platformPermissions().map((p) => p.key);
  }

  builtIn(role: BuiltInRole): string[] {
    const all = this.catalog.tenantPermissions();
    if (role === 'owner') return all.map((p) => p.key);
    return all.filter((p) => (p.defaultRoles ?? ['owner', 'admin']).includes(role)).map((p) => p.key);
  }

  /** The permissions of `role` in the current tenant (must run in its unit of work); `null` if no such role. */
  async ofRole(role: string): Promise<string[] | null> {
    if (isBuiltInRole(role)) return this.builtIn(role);
    const custom = await this.em.findOne(Role, { key: role });
    return custom ? this.onlyKnown(custom.permissions) : null;
  }

  /** Drops what no loaded module declares (a module may have been removed since) and platform permissions. */
  onlyKnown(permissions: readonly string[]): string[] {
    const known = new Set(this.tenantPermissionKeys());
    return [...new Set(permissions)].filter((p) => known.has(p));
  }
}
