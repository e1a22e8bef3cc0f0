import { RequestContext, TesseraError } from '@tessera/module-sdk';

/** Who is making a change, as stored in `updated_by`: `<kind>:<id>`, or `system`. */
export function currentActor(): string {
  const principal = RequestContext.current()?.principal;
  return principal ? `${principal.kind}:${principal.id}` : 'system';
}

/** Who may change a setting: a platform admin (any tenant, any flag) or a tenant admin (own tenant, adjustable flags). */
export type Authority = 'platform' | 'tenant';

/** Changes publish to the other instances after their own commit, so they must not run inside another transaction. */
export function outsideTransactionOnly(inTransaction: boolean): void {
  if (inTransaction) {
    throw new TesseraError(
      'internal',
      'FLAG_CHANGE_IN_TRANSACTION',
      'Module and flag changes open their own transaction (other instances are told after it commits); call them outside a transaction.',
    );
  }
}
