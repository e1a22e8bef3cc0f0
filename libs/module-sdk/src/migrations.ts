/**
 * One forward migration of a module's schema. Migrations run in the module's declared order, each in
 * its own transaction, as the role that owns the schema, and are recorded as `<module>/<name>` with a
 * checksum: editing a migration that already ran stops the boot (write a new one instead).
 *
 * @example
 * ```ts
 * migrations: [
 *   {
 *     name: '0001-create-tickets',
 *     up: [
 *       `CREATE TABLE tickets (
 *          id uuid PRIMARY KEY,
 *          tenant_id uuid NOT NULL REFERENCES tenants(id),
 *          title text NOT NULL,
 *          created_at timestamptz NOT NULL DEFAULT now(),
 *          updated_at timestamptz NOT NULL DEFAULT now(),
 *          UNIQUE (tenant_id, id)
 *        )`,
 *       ...tenantIsolation('tickets'),
 *     ],
 *   },
 * ]
 * ```
 */
export interface ModuleMigration {
  /** Unique within the module. Never rename or edit one that has run. */
  readonly name: string;
  /** SQL statements, executed in order. */
  readonly up: string | readonly string[];
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * The statements that put a tenant-owned table under row-level security: `ENABLE` and `FORCE`, and a
 * policy comparing `tenant_id` with the tenant set on the connection for the current transaction
 * (`tessera_current_tenant()`, a STABLE function over `current_setting('app.tenant_id', true)`).
 * The platform refuses to boot if any table with a `tenant_id` column lacks it.
 *
 * @example
 * ```ts
 * up: [`CREATE TABLE notes (...)`, ...tenantIsolation('notes')]
 * ```
 */
export function tenantIsolation(table: string): readonly string[] {
  if (!IDENTIFIER.test(table)) {
    throw new Error(`tenantIsolation: "${table}" is not a plain lower-case SQL identifier.`);
  }
  return [
    `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`,
    `CREATE POLICY ${table}_tenant_isolation ON ${table}
       USING (tenant_id = tessera_current_tenant())
       WITH CHECK (tenant_id = tessera_current_tenant())`,
  ];
}
