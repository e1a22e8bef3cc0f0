import type { EventArgs, EventSubscriber } from '@mikro-orm/core';
import { isTenantOwnedEntity, RequestContext, TesseraError } from '@tessera/module-sdk';

/**
 * Stamps every new tenant-owned row with the tenant of the current context, whatever the caller put in
 * `tenantId`, and refuses to move an existing row to another tenant.
 */
export class TenantStampSubscriber implements EventSubscriber {
  beforeCreate(args: EventArgs<object>): void {
    if (!isTenantOwnedEntity(args.entity.constructor)) return;
    (args.entity as { tenantId: string }).tenantId = RequestContext.requireTenantId();
  }

  beforeUpdate(args: EventArgs<object>): void {
    if (!isTenantOwnedEntity(args.entity.constructor)) return;
    if (args.changeSet?.payload && 'tenantId' in args.changeSet.payload) {
      throw new TesseraError('internal', 'TENANT_CHANGE_REFUSED', 'A row cannot move to another tenant.');
    }
  }
}
