/**
 * What the bare Express + `pg` servers of the contact benches (headline, contacts-search) share: a contact row
 * as `pg` returns it, the platform's view of it, and the platform's tenant transaction sent by hand (which the
 * tenancy bench times too).
 */
import { escapeLiteral, type Pool, type PoolClient } from 'pg';
import type { ContactView } from '../../../modules/contacts/src/contacts/contact-view';

/** A `contacts` row as `SELECT *` returns it. */
export interface ContactRow {
  readonly id: string;
  readonly display_name: string;
  readonly prefix: string | null;
  readonly first_name: string | null;
  readonly middle_name: string | null;
  readonly last_name: string | null;
  readonly suffix: string | null;
  readonly company: string | null;
  readonly job_title: string | null;
  readonly emails: Array<{ address: string; label?: string | null }>;
  readonly phones: Array<{ number: string; label?: string | null }>;
  readonly tags: string[];
  readonly owner_id: string | null;
  readonly custom_fields: Record<string, unknown>;
  readonly version: number;
  readonly created_at: Date;
  readonly updated_at: Date;
  readonly created_by: string | null;
  readonly deleted_at: Date | null;
  readonly deleted_by: string | null;
  readonly merged_into_id: string | null;
}

/**
 * The body `contactView` answers for a row, in a tenant without custom fields (the benches define none). Written
 * by hand on purpose: the baseline runs none of the platform's code; its type and the benches' byte-for-byte
 * answer checks keep it in step.
 */
export const contactRowView = (row: ContactRow): ContactView => ({
  id: row.id,
  displayName: row.display_name,
  prefix: row.prefix,
  firstName: row.first_name,
  middleName: row.middle_name,
  lastName: row.last_name,
  suffix: row.suffix,
  company: row.company,
  jobTitle: row.job_title,
  emails: row.emails.map((email) => ({ address: email.address, label: email.label ?? null })),
  phones: row.phones.map((phone) => ({ number: phone.number, label: phone.label ?? null })),
  tags: row.tags,
  ownerId: row.owner_id,
  customFields: {},
  version: row.version,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  createdBy: row.created_by,
  deletedAt: row.deleted_at?.toISOString() ?? null,
  deletedBy: row.deleted_by,
  mergedIntoId: row.merged_into_id,
});

/**
 * The platform's tenant unit of work by hand: BEGIN carrying the transaction-local tenant in one query (what
 * `TenantScope` sends, libs/persistence), the work, COMMIT; ROLLBACK on error.
 */
export async function inTenantTransaction<T>(pool: Pool, tenantId: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(`BEGIN; SELECT set_config('app.tenant_id', ${escapeLiteral(tenantId)}, true);`);
    const result = await work(client);
    await client.query('COMMIT;');
    return result;
  } catch (error) {
    await client.query('ROLLBACK;').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
