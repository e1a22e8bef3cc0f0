import type { MikroORM } from '@mikro-orm/core';
import type { Type } from '@nestjs/common';
import type { AuditLog } from '@tessera/module-sdk';
import type { TenantScope } from '@tessera/persistence';

/**
 * What the job layer needs from the platform once the Nest application exists. The kernel provides it;
 * the job layer never imports the kernel.
 */
export interface JobsPorts {
  readonly orm: MikroORM;
  readonly tenantScope: TenantScope;
  readonly audit: AuditLog;
  /** The kernel's MODULE_ENABLEMENT port: whether a module is on for a tenant (answered from memory). */
  readonly enablement: { isEnabled(tenantId: string, module: string): boolean | Promise<boolean> };
  /** A job handler: a provider of a module's own Nest module, or of the platform core for a platform owner's job. */
  resolve<T>(module: string, token: Type<T>): T;
  /** True when the module booted and is running in this process (always, for a platform owner). */
  isModuleRunning(module: string): boolean;
  /** Ids of active tenants, in id order, after `afterId`. */
  listActiveTenants(afterId: string | null, limit: number): Promise<string[]>;
}
