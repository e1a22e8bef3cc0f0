import type { EntityManager } from '@mikro-orm/core';
import type { ClientBase } from 'pg';
import { isTenantPredicate } from './tenant-predicate';

// Each check takes the caller's client: the boot runs all of them on one connection of the application role.

/** Why the application's database role is unfit to run the platform, or `undefined` when it is fit. */
export async function checkApplicationRole(client: ClientBase): Promise<string | undefined> {
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
}

/** Tenant-owned tables of the public schema (a `tenant_id` column), with the attribute number of that column. */
const TENANT_TABLES_SQL = `
  SELECT c.oid, c.relname, a.attnum AS tenant_attnum
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
   WHERE c.relkind IN ('r', 'p')`;

/**
 * Tables that have a `tenant_id` column but are not fully under row-level security (RLS enabled,
 * forced, and at least one policy). The platform refuses to boot while any exist.
 */
export async function findUnprotectedTenantTables(client: ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ table_name: string }>(
    `WITH tenant_tables AS (${TENANT_TABLES_SQL})
     SELECT t.relname AS table_name
       FROM tenant_tables t
       JOIN pg_class c ON c.oid = t.oid
      WHERE NOT c.relrowsecurity OR NOT c.relforcerowsecurity
            OR NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid)
      ORDER BY t.relname`,
  );
  return rows.map((row) => row.table_name);
}

/** A foreign key from one tenant-owned table to another that does not carry `tenant_id` across. */
export interface TenantForeignKeyOffender {
  readonly table: string;
  readonly constraint: string;
  readonly references: string;
  /** As `pg_get_constraintdef` prints it, e.g. `FOREIGN KEY (contact_id) REFERENCES contacts(id)`. */
  readonly definition: string;
}

/**
 * Foreign keys between two tenant-owned tables whose columns do not pair `tenant_id` with `tenant_id`. Such
 * a key lets a row of tenant A point at a row of tenant B (RLS hides the target, but the reference holds, and
 * cascades cross tenants). The fix is a composite key, `FOREIGN KEY (tenant_id, x_id) REFERENCES x (tenant_id, id)`,
 * over a `UNIQUE (tenant_id, id)` of the referenced table. References to platform tables (`tenants`) are fine.
 */
export async function findTenantForeignKeysWithoutTenant(client: ClientBase): Promise<TenantForeignKeyOffender[]> {
  const { rows } = await client.query<TenantForeignKeyOffender>(
    `WITH tenant_tables AS (${TENANT_TABLES_SQL})
     SELECT src.relname AS "table", con.conname AS "constraint", dst.relname AS "references", pg_get_constraintdef(con.oid) AS definition
       FROM pg_constraint con
       JOIN tenant_tables src ON src.oid = con.conrelid
       JOIN tenant_tables dst ON dst.oid = con.confrelid
      WHERE con.contype = 'f' AND con.conparentid = 0
        AND NOT EXISTS (SELECT 1 FROM unnest(con.conkey, con.confkey) AS k(src_att, dst_att)
                         WHERE k.src_att = src.tenant_attnum AND k.dst_att = dst.tenant_attnum)
      ORDER BY 1, 2`,
  );
  return rows;
}

/** A row-level security policy of a tenant-owned table that does not confine rows to the connection's tenant. */
export interface LaxTenantPolicy {
  readonly table: string;
  readonly policy: string;
  readonly problem: string;
}

/**
 * Permissive policies of tenant-owned tables whose `USING` or `WITH CHECK` is not the tenant predicate
 * (`tenant_id = tessera_current_tenant()`, possibly ANDed with more). PostgreSQL ORs permissive policies,
 * so one `USING (true)` beside a correct policy opens the table to every tenant; restrictive policies only
 * narrow and are not checked. Only policies that apply to the connected (application) role count: one
 * `TO` the owning role serves the owner's audited SECURITY DEFINER functions (the purges), which the
 * application cannot widen. A command's check falls back to its `USING` when it has no `WITH CHECK`, as in
 * PostgreSQL. Run it as the application role.
 */
export async function findLaxTenantPolicies(client: ClientBase): Promise<LaxTenantPolicy[]> {
  const { rows } = await client.query<{ table: string; policy: string; command: string; using: string | null; check: string | null }>(
    `WITH tenant_tables AS (${TENANT_TABLES_SQL})
     SELECT t.relname AS "table", p.polname AS policy, p.polcmd AS command,
            pg_get_expr(p.polqual, p.polrelid) AS using, pg_get_expr(p.polwithcheck, p.polrelid) AS check
       FROM pg_policy p
       JOIN tenant_tables t ON t.oid = p.polrelid
      WHERE p.polpermissive
        AND EXISTS (SELECT 1 FROM unnest(p.polroles) AS r(oid) WHERE r.oid = 0 OR pg_has_role(current_user, r.oid, 'MEMBER'))
      ORDER BY 1, 2`,
  );
  const lax: LaxTenantPolicy[] = [];
  for (const row of rows) {
    // polcmd: r SELECT, a INSERT, w UPDATE, d DELETE, * ALL. INSERT has no USING; SELECT and DELETE no check.
    if (row.command !== 'a' && !isTenantPredicate(row.using)) {
      lax.push({ table: row.table, policy: row.policy, problem: `its USING (${row.using ?? 'none'}) does not confine rows to the current tenant` });
    } else if (['a', 'w', '*'].includes(row.command) && !isTenantPredicate(row.check ?? row.using)) {
      lax.push({ table: row.table, policy: row.policy, problem: `its WITH CHECK (${row.check ?? 'none'}) does not confine new rows to the current tenant` });
    }
  }
  return lax;
}

/** True when the database answers a trivial query through the ORM's pool. */
export async function pingDatabase(em: EntityManager): Promise<void> {
  await em.getConnection().execute('SELECT 1');
}
