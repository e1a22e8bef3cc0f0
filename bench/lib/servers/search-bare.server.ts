import type { AddressInfo } from 'node:net';
import express from 'express';
import { Pool } from 'pg';
import type { HttpTarget, ServerFactory } from './server-contract';

/** One query the bare server answers: the SQL the PostgreSQL search backend runs for it (captured by the bench). */
export interface BareSearchQuery {
  readonly q: string;
  readonly limit: number;
  /** `searchSql(...)` of the backend with its parameters inlined, the text MikroORM sends (simple query protocol). */
  readonly sql: string;
  /** The cursor fingerprint of the query (`queryFingerprint`), for `nextCursor`. */
  readonly fingerprint: string;
}

export interface SearchBareOptions {
  /** The application role (no BYPASSRLS): row-level security applies as on the platform. */
  readonly databaseUrl: string;
  readonly tenantId: string;
  readonly poolSize: number;
  /** Target name → query. */
  readonly queries: Readonly<Record<string, BareSearchQuery>>;
}

const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;
// What MikroORM sends for `em.find(Contact, { id: { $in }, deletedAt: null })` under the tenant filter (values inlined).
const contactsById = (tenantId: string, ids: readonly string[]) =>
  `select "c0".* from "contacts" as "c0" where "c0"."tenant_id" = ${literal(tenantId)} and "c0"."id" in (${ids.map(literal).join(', ')}) and "c0"."deleted_at" is null`;

interface ContactRow {
  id: string;
  display_name: string;
  prefix: string | null;
  first_name: string | null;
  middle_name: string | null;
  last_name: string | null;
  suffix: string | null;
  company: string | null;
  job_title: string | null;
  emails: Array<{ address: string; label?: string | null }>;
  phones: Array<{ number: string; label?: string | null }>;
  tags: string[];
  owner_id: string | null;
  custom_fields: Record<string, unknown>;
  version: number;
  created_at: Date;
  updated_at: Date;
  created_by: string | null;
  deleted_at: Date | null;
  deleted_by: string | null;
  merged_into_id: string | null;
}

/** The contact as `contactView` answers it (no custom fields are defined in the bench's tenant). */
const view = (row: ContactRow) => ({
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
 * The same search as `GET /api/v1/contacts/search`, by hand: Express and `pg`, a pool of the platform's size,
 * one transaction per request as the application role with `app.tenant_id` set as the platform sets it, the
 * backend's search SQL, then the hits' contacts, answered in hit order with the same body. Every statement is
 * the text the platform sends (MikroORM inlines the values and uses the simple query protocol). No
 * authentication, validation, custom fields, logging or ORM: what is left is the database work both sides share.
 */
export const startSearchBare: ServerFactory = async (rawOptions) => {
  const options = rawOptions as unknown as SearchBareOptions;
  const pool = new Pool({ connectionString: options.databaseUrl, max: options.poolSize });
  const setTenant = `SELECT set_config('app.tenant_id', ${literal(options.tenantId)}, true)`;
  const byText = new Map(Object.values(options.queries).map((query) => [`${query.q}\u0000${query.limit}`, query]));
  const app = express();
  app.get('/contacts/search', async (request, response, next) => {
    const query = byText.get(`${String(request.query.q)}\u0000${String(request.query.limit ?? 20)}`);
    if (!query) {
      response.status(400).json({ error: 'unknown query' });
      return;
    }
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(setTenant);
      const hits = (await client.query<{ id: string; score: string }>(query.sql)).rows;
      const page = hits.slice(0, query.limit);
      const rows = page.length > 0 ? (await client.query<ContactRow>(contactsById(options.tenantId, page.map((hit) => hit.id)))).rows : [];
      await client.query('COMMIT');
      const byId = new Map(rows.map((row) => [row.id, row]));
      const last = page.at(-1);
      const nextCursor =
        hits.length > query.limit && last ? Buffer.from(JSON.stringify({ v: 1, q: query.fingerprint, a: [last.score, last.id] })).toString('base64url') : null;
      response.json({ data: page.flatMap((hit) => (byId.has(hit.id) ? [view(byId.get(hit.id)!)] : [])), nextCursor });
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      next(error);
    } finally {
      client.release();
    }
  });
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const targets: Record<string, HttpTarget> = {};
  for (const [name, query] of Object.entries(options.queries)) {
    targets[name] = { path: `/contacts/search?${new URLSearchParams({ q: query.q, limit: String(query.limit) }).toString()}` };
  }
  return {
    port: (server.address() as AddressInfo).port,
    targets,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
};
