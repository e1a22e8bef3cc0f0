import type { SqlFragment } from '@tessera/custom-fields';

/**
 * FROM … WHERE over the identifier rows (`o`) of the other live contacts (`c`) that hold one of `own`, the
 * emails and phones of contact `contactId`. Values are parameters, one equality pair each, so the planner
 * estimates each value on its own and uses the `(tenant_id, kind, value)` index.
 */
export function sharingRows(own: ReadonlyArray<{ readonly kind: string; readonly value: string }>, contactId: string): SqlFragment {
  return {
    sql: `contact_identifiers o
       JOIN contacts c ON c.tenant_id = o.tenant_id AND c.id = o.contact_id AND c.deleted_at IS NULL
      WHERE (${own.map(() => '(o.kind = ? AND o.value = ?)').join(' OR ')}) AND o.contact_id <> ?::uuid`,
    params: [...own.flatMap((row) => [row.kind, row.value]), contactId],
  };
}
