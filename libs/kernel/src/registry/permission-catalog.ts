import type { PermissionCatalog, PermissionDeclaration } from '@tessera/module-sdk';
import { isPlatformPermission, KERNEL_TENANT_PERMISSIONS, PLATFORM_PERMISSIONS } from '../platform-permissions';
import type { LoadedModule } from './loaded-module';

/** The permissions of this platform instance: the kernel's and every loaded module's. */
export class StaticPermissionCatalog implements PermissionCatalog {
  private readonly tenant: readonly PermissionDeclaration[];
  private readonly keys: ReadonlySet<string>;

  constructor(order: readonly LoadedModule[]) {
    this.tenant = [...KERNEL_TENANT_PERMISSIONS, ...order.flatMap(({ definition }) => definition.permissions ?? [])].filter(
      (p) => !isPlatformPermission(p.key),
    );
    this.keys = new Set([...PLATFORM_PERMISSIONS, ...this.tenant].map((p) => p.key));
  }

  tenantPermissions(): readonly PermissionDeclaration[] {
    return this.tenant;
  }

  platformPermissions(): readonly PermissionDeclaration[] {
    return PLATFORM_PERMISSIONS;
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }
}
