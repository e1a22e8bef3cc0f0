import type { EntityManager } from '@mikro-orm/core';
import { withPgClient } from './pg-client';

/** Why the application's database role is unfit to run the platform, or `undefined` when it is fit. */
export async function checkApplicationRole(appUrl: string): Promise<string | undefined> {
  return withPgClient(appUrl, async (client) => {
    const { rows } = await client.query<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean; owns: boolean }>(
      `SELECT r.rolname, r.rolsuper, r.rolbypassrls,
              EXISTS (SELECT 1 FROM pg_tables t WHERE t.schemaname = 'public' AND t.tableowner = r.rolname) AS owns
         FROM pg_roles r WHERE r.rolname = current_user`,
    );
    const role = rows[0];
    if (!role) return 'the connected role was not found in pg_roles.';
    if (role.rolsuper) return `the application role "${role.rolname}" is a superuser, which bypasses row-level security.`;
    if (role.rolbypassrls) return `the application role "${role.rolname}" has BYPASSRLS.`;
    if (role.owns) return `the application role "${role.rolname}" owns tables; connect as a role that does not own the schema.`;
    return undefined;
  });
}

/**
 * Tables that have a `tenant_id` column but are not fully under row-level security (RLS enabled,
 * forced, and at least one policy). The platform refuses to boot while any exist.
 */
export async function findUnprotectedTenantTables(appUrl: string): Promise<string[]> {
  return withPgClient(appUrl, async (client) => {
    const { rows } = await client.query<{ table_name: string }>(
      `SELECT c.relname AS table_name
         FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
        WHERE c.relkind IN ('r', 'p')
          AND (NOT c.relrowsecurity OR NOT c.relforcerowsecurity
               OR NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid))
        ORDER BY c.relname`,
    );
    return rows.map((row) => row.table_name);
  });
}

/** True when the database answers a trivial query through the ORM's pool. */
export async function pingDatabase(em: EntityManager): Promise<void> {
  await em.getConnection().execute('SELECT 1');
}
