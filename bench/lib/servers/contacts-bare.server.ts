/**
 * The bare baseline of the headline bench: Express (the copy Nest's adapter runs, as bare-express.server)
 * and a `pg` Pool as the application role (row-level security applies), of the platform's pool size, against
 * the platform host's database and its seeded tenant. It runs the statements the platform runs for the same
 * routes, captured from the platform (values inlined as MikroORM/knex sends them, simple query protocol), and
 * answers the same JSON shape and ETag. What it does not do: no JWT, rate limits, tenant/module/flag checks,
 * access log, security headers, request context, validation pipe or ORM; the tenant is fixed at startup.
 */
import { randomUUID } from 'node:crypto';
import express from 'express';
import { escapeLiteral, Pool, type PoolClient } from 'pg';
import { CONTACT_CREATE_BODY, seededContacts } from '../bench-contacts';
import { contactRowView as view, inTenantTransaction, type ContactRow } from './bare-contacts-sql';
import { listenExpress } from './listen-express';
import type { ServerFactory } from './server-contract';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const lit = escapeLiteral;
const text = (value: string | undefined) => (value ? lit(value) : 'NULL');

export const startContactsBare: ServerFactory = async () => {
  const { tenantId, ownerId, ids } = await seededContacts();
  const poolOptions = { connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) };
  const pool = new Pool(poolOptions);
  // The variant without a transaction: the tenant set once per connection, for the connection's life.
  const sessionPool = new Pool(poolOptions);
  sessionPool.on('connect', (client) => void client.query(`SELECT set_config('app.tenant_id', ${lit(tenantId)}, false)`));

  /** The platform's request transaction (BEGIN carrying the tenant, the work, COMMIT). */
  const inTenant = <T>(work: (client: PoolClient) => Promise<T>) => inTenantTransaction(pool, tenantId, work);
  const selectContact = (id: string) => `select "c0".* from "contacts" as "c0" where "c0"."tenant_id" = ${lit(tenantId)} and "c0"."id" = ${lit(id)} limit 1`;
  /** What the custom-fields contract reads for the target on every contact read and write (under its shared lock). */
  const customFieldDefinitions = async (client: PoolClient) => {
    await client.query(`SELECT pg_advisory_xact_lock_shared(hashtextextended(${lit(`cf-target:${tenantId}:contact`)}, 0))`);
    await client.query(
      `SELECT id, target, key, label, help_text, type, required, "unique", default_value, constraints, options, read_roles, write_roles,
              archived_at, created_at, updated_at
         FROM custom_field_definitions WHERE target = 'contact' ORDER BY id`,
    );
  };

  const app = express();
  app.get('/contacts/:id', (request, response, next) => {
    const { id } = request.params;
    if (!UUID.test(id)) return void response.status(400).json({ error: 'id' });
    inTenant(async (client) => {
      const { rows } = await client.query<ContactRow>(selectContact(id));
      await customFieldDefinitions(client);
      return rows[0];
    }).then((row) => {
      if (!row) return void response.status(404).json({ error: 'not found' });
      response.setHeader('ETag', `"${row.version}"`);
      response.json(view(row));
    }, next);
  });
  app.get('/plain/contacts/:id', (request, response, next) => {
    const { id } = request.params;
    if (!UUID.test(id)) return void response.status(400).json({ error: 'id' });
    sessionPool.query<ContactRow>(selectContact(id)).then(({ rows: [row] }) => {
      if (!row) return void response.status(404).json({ error: 'not found' });
      response.setHeader('ETag', `"${row.version}"`);
      response.json(view(row));
    }, next);
  });
  app.post('/contacts', express.json(), (request, response, next) => {
    const body = request.body as { firstName?: string; lastName?: string; emails?: Array<{ address: string; label?: string | null }> };
    const emails = (body.emails ?? []).map((email) => ({ address: email.address.trim().toLowerCase(), label: email.label ?? null }));
    const displayName = [body.firstName, body.lastName].filter(Boolean).join(' ') || emails[0]?.address || '';
    const now = new Date().toISOString();
    inTenant(async (client) => {
      const { rows } = await client.query<ContactRow>(
        // The platform's column list (MikroORM writes every property), values inlined as it sends them.
        `insert into "contacts" ("id", "created_at", "updated_at", "first_name", "middle_name", "last_name", "prefix", "suffix", "display_name", "company", "job_title", "emails", "phones", "tags", "owner_id", "custom_fields", "version", "created_by", "deleted_at", "deleted_by", "merged_into_id", "tenant_id")
         values (${lit(randomUUID())}, ${lit(now)}, ${lit(now)}, ${text(body.firstName)}, NULL, ${text(body.lastName)}, NULL, NULL, ${lit(displayName)}, NULL, NULL, ${lit(JSON.stringify(emails))}, '[]', '[]', ${lit(ownerId)}, '{}', 1, ${lit(ownerId)}, NULL, NULL, NULL, ${lit(tenantId)})
         returning *`,
      );
      return rows[0]!;
    }).then((row) => {
      response.status(201).setHeader('ETag', `"${row.version}"`);
      response.json(view(row));
    }, next);
  });

  const server = await listenExpress(app);
  const byId = (prefix: string) => ({ path: `${prefix}/${ids[0]}`, rotatePaths: ids.map((id) => `${prefix}/${id}`) });
  return {
    port: server.port,
    targets: {
      'contact-by-id': byId('/contacts'),
      'contact-by-id-plain': byId('/plain/contacts'),
      'contact-create': { path: '/contacts', method: 'POST', headers: { 'content-type': 'application/json' }, body: CONTACT_CREATE_BODY, uniqueIds: true },
    },
    close: async () => {
      await server.close();
      await Promise.all([pool.end(), sessionPool.end()]);
    },
  };
};
