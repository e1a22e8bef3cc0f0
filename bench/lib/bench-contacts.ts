/**
 * The contacts of the headline bench: seeded once by the platform host (as the database owner, before any
 * load), then read back by every side so that the platform and the bare servers request the same rows of
 * the same tenant. Runs inside the server processes.
 */
import type { Client } from 'pg';
import { withPgClient } from '@tessera/persistence';

/** What every side of the headline bench works on. */
export interface BenchContacts {
  readonly tenantId: string;
  /** The member the contacts belong to (the bare write path uses it as owner and creator, as the platform does). */
  readonly ownerId: string;
  /** The ids the GET load rotates through, in a fixed order (the same on every side). */
  readonly ids: readonly string[];
}

/** How many of the seeded contacts the GET load rotates through. */
const ROTATED = 1000;

/** The POST body of both sides: `[<id>]` becomes a fresh id per request (autocannon's idReplacement), so every email is new. */
export const CONTACT_CREATE_BODY = JSON.stringify({ firstName: 'Ada', lastName: 'Lovelace', emails: [{ address: 'bench-[<id>]@example.com', label: 'work' }] });

/** A client as the database owner (the platform host's migration role), for seeding and reading back. */
function asOwner<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const url = process.env.DATABASE_MIGRATION_URL;
  if (!url) throw new Error('DATABASE_MIGRATION_URL is not set: the headline bench servers need the database of the platform host.');
  return withPgClient(url, fn);
}

/** The first ids of the tenant, by id (a deterministic set both sides agree on). */
async function readBack(client: Client, tenantId: string): Promise<BenchContacts> {
  const { rows } = await client.query<{ id: string; owner_id: string }>('SELECT id, owner_id FROM contacts WHERE tenant_id = $1 ORDER BY id LIMIT $2', [tenantId, ROTATED]);
  if (rows.length === 0) throw new Error(`tenant ${tenantId} has no contacts: the platform host seeds them (option contacts).`);
  return { tenantId, ownerId: rows[0]!.owner_id, ids: rows.map((row) => row.id) };
}

/**
 * `count` contacts in the tenant, owned and created by `ownerId`, each with one email and one phone and
 * their identifier rows (what the write path would have left; search documents are left out: no GET reads
 * them). One multi-row INSERT, as the contacts bench seeds.
 */
export function seedContacts(tenantId: string, ownerId: string, count: number): Promise<BenchContacts> {
  return asOwner(async (client) => {
    await client.query("SELECT set_config('app.tenant_id', $1, false)", [tenantId]);
    await client.query(
      `WITH made AS (
         INSERT INTO contacts (id, tenant_id, first_name, last_name, display_name, company, job_title, emails, phones, tags, owner_id, created_by)
         SELECT gen_random_uuid(), $1, 'First' || i, 'Last' || i, 'First' || i || ' Last' || i, 'Company ' || (i % 200), 'Buyer',
                jsonb_build_array(jsonb_build_object('address', 'contact' || i || '@example.com', 'label', 'work')),
                jsonb_build_array(jsonb_build_object('number', '+4420718' || lpad(i::text, 5, '0'), 'label', null)),
                '["customer"]'::jsonb, $3::uuid, $3::text
           FROM generate_series(1, $2::int) AS i
         RETURNING id, tenant_id, emails, phones, tags)
       INSERT INTO contact_identifiers (tenant_id, contact_id, kind, value)
       SELECT tenant_id, id, 'email', emails->0->>'address' FROM made
       UNION ALL SELECT tenant_id, id, 'phone', phones->0->>'number' FROM made
       UNION ALL SELECT tenant_id, id, 'tag', tags->>0 FROM made`,
      [tenantId, count, ownerId],
    );
    await client.query('ANALYZE contacts; ANALYZE contact_identifiers');
    return readBack(client, tenantId);
  });
}

/** The contacts the platform host seeded (the one tenant that has contacts), for the bare servers. */
export function seededContacts(): Promise<BenchContacts> {
  return asOwner(async (client) => {
    // Row-level security is forced on the owner too: look into each tenant in turn.
    const { rows: tenants } = await client.query<{ id: string }>('SELECT id FROM tenants');
    const seeded: string[] = [];
    for (const { id } of tenants) {
      await client.query("SELECT set_config('app.tenant_id', $1, false)", [id]);
      if ((await client.query('SELECT 1 FROM contacts LIMIT 1')).rowCount) seeded.push(id);
    }
    if (seeded.length !== 1) throw new Error(`expected the contacts of one tenant (seeded by the platform host), found ${seeded.length} tenants with contacts: start the platform host first.`);
    await client.query("SELECT set_config('app.tenant_id', $1, false)", [seeded[0]]);
    return readBack(client, seeded[0]!);
  });
}
