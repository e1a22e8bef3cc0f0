import type { SqlFragment, TargetCustomFields } from '@tessera/custom-fields';
import { ValidationError } from '@tessera/module-sdk';
import { normalizePhone } from '../contacts/phone-numbers';
import type { ContactFilter } from './list-contacts.dto';
import { sql } from './sql-fragment';

/** Contacts holding an identifier: through the `(tenant_id, kind, value)` index of `contact_identifiers`. */
const holding = (kind: 'email' | 'phone' | 'tag', value: string) =>
  sql(`c.id IN (SELECT i.contact_id FROM contact_identifiers i WHERE i.kind = '${kind}' AND i.value = ?)`, [value]);

/**
 * The WHERE conditions (alias `c`, ANDed) of a filter: the standard ones, then the custom-field filter of
 * the contract, for the fields `fields` lets its caller read. Invalid values are a 400 naming
 * `<path><field>` (`phone`, `customFields.tier.eq`; `filter.phone` for an export). Values are always parameters.
 */
export function contactFilterConditions(filter: ContactFilter, fields: TargetCustomFields, defaultPhoneCountry: string | undefined, path = ''): SqlFragment[] {
  const where = standardFilters(filter, defaultPhoneCountry, path);
  const custom = fields.where(filter.customFields, { alias: 'c', path: `${path}customFields` });
  return custom ? [...where, custom] : where;
}

/** The WHERE conditions of the standard filters (ANDed). */
export function standardFilters(query: ContactFilter, defaultPhoneCountry: string | undefined, path = ''): SqlFragment[] {
  const where: SqlFragment[] = [sql(query.deleted === 'only' ? 'c.deleted_at IS NOT NULL' : 'c.deleted_at IS NULL')];
  for (const tag of query.tag ?? []) where.push(holding('tag', tag));
  if (query.email) where.push(holding('email', query.email));
  if (query.phone) {
    const phone = normalizePhone(query.phone, query.defaultCountry ?? defaultPhoneCountry);
    if (!phone.ok) throw new ValidationError([{ field: `${path}phone`, message: phone.reason }]);
    where.push(holding('phone', phone.number));
  }
  if (query.ownerId) where.push(sql('c.owner_id = ?::uuid', [query.ownerId]));
  if (query.company) where.push(sql('lower(c.company) = lower(?)', [query.company]));
  if (query.createdAfter) where.push(sql('c.created_at >= ?::timestamptz', [query.createdAfter]));
  if (query.createdBefore) where.push(sql('c.created_at < ?::timestamptz', [query.createdBefore]));
  if (query.updatedAfter) where.push(sql('c.updated_at >= ?::timestamptz', [query.updatedAfter]));
  return where;
}
