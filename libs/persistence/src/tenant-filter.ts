import { RequestContext } from '@tessera/module-sdk';

/** Name of the ORM filter that scopes every tenant-owned entity to the current tenant. */
export const TENANT_FILTER = 'tenant';

/**
 * The filter definition registered for every tenant-owned entity. Reads the tenant from the request
 * context at query time and throws when there is none, so a forgotten scope fails loudly instead of
 * reading across tenants (RLS would return nothing anyway).
 */
export function tenantFilter(entityNames: readonly string[]) {
  return {
    name: TENANT_FILTER,
    cond: () => ({ tenantId: RequestContext.requireTenantId() }),
    entity: [...entityNames],
    default: true,
    args: false,
  };
}
