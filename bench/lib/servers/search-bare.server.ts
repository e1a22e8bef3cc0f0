import express from 'express';
import { escapeLiteral as literal, Pool } from 'pg';
import { contactRowView as view, inTenantTransaction, type ContactRow } from './bare-contacts-sql';
import { listenExpress } from './listen-express';
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

// What MikroORM sends for `em.find(Contact, { id: { $in }, deletedAt: null })` under the tenant filter (values inlined).
const contactsById = (tenantId: string, ids: readonly string[]) =>
  `select "c0".* from "contacts" as "c0" where "c0"."tenant_id" = ${literal(tenantId)} and "c0"."id" in (${ids.map(literal).join(', ')}) and "c0"."deleted_at" is null`;

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
  const byText = new Map(Object.values(options.queries).map((query) => [`${query.q}\u0000${query.limit}`, query]));
  const app = express();
  app.get('/contacts/search', async (request, response, next) => {
    const query = byText.get(`${String(request.query.q)}\u0000${String(request.query.limit ?? 20)}`);
    if (!query) {
      response.status(400).json({ error: 'unknown query' });
      return;
    }
    try {
      const { page, rows, more } = await inTenantTransaction(pool, options.tenantId, async (client) => {
        const hits = (await client.query<{ id: string; score: string }>(query.sql)).rows;
        const page = hits.slice(0, query.limit);
        const rows = page.length > 0 ? (await client.query<ContactRow>(contactsById(options.tenantId, page.map((hit) => hit.id)))).rows : [];
        return { page, rows, more: hits.length > query.limit };
      });
      const byId = new Map(rows.map((row) => [row.id, row]));
      const last = page.at(-1);
      const nextCursor = more && last ? Buffer.from(JSON.stringify({ v: 1, q: query.fingerprint, a: [last.score, last.id] })).toString('base64url') : null;
      response.json({ data: page.flatMap((hit) => (byId.has(hit.id) ? [view(byId.get(hit.id)!)] : [])), nextCursor });
    } catch (error) {
      next(error);
    }
  });
  const server = await listenExpress(app);
  const targets: Record<string, HttpTarget> = {};
  for (const [name, query] of Object.entries(options.queries)) {
    targets[name] = { path: `/contacts/search?${new URLSearchParams({ q: query.q, limit: String(query.limit) }).toString()}` };
  }
  return {
    port: server.port,
    targets,
    close: async () => {
      await server.close();
      await pool.end();
    },
  };
};
