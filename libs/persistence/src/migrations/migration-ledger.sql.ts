import { APP_ACCESS_ROLE } from '../database-roles';

/**
 * Objects every Tessera database has before any module migrates: the ledger of applied migrations,
 * the tenant function RLS policies use, and the default grants to the application group role.
 * Idempotent; runs (in one transaction) at the start of every migration run.
 */
export const LEDGER_SETUP_SQL = [
  `CREATE TABLE IF NOT EXISTS tessera_migrations (
     module text NOT NULL,
     name text NOT NULL,
     checksum text NOT NULL,
     executed_at timestamptz NOT NULL DEFAULT now(),
     duration_ms integer NOT NULL,
     PRIMARY KEY (module, name)
   )`,
  // STABLE and NULL (not an error) when unset, so a query with no tenant on its connection sees nothing.
  `CREATE OR REPLACE FUNCTION tessera_current_tenant() RETURNS uuid
     LANGUAGE sql STABLE PARALLEL SAFE
     AS $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$`,
  `GRANT USAGE ON SCHEMA public TO ${APP_ACCESS_ROLE}`,
  // Read-only, so that a process that does not migrate (MIGRATE_ON_BOOT=false) can refuse a schema behind its code.
  `GRANT SELECT ON tessera_migrations TO ${APP_ACCESS_ROLE}`,
  `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${APP_ACCESS_ROLE}`,
  `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${APP_ACCESS_ROLE}`,
];
