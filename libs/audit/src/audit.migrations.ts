import type { ModuleMigration } from '@tessera/module-sdk';
import { APP_ACCESS_ROLE } from '@tessera/persistence';

/**
 * The audit log's schema, recorded under the name `audit`. Platform-level entries have no tenant
 * (`tenant_id IS NULL`) and form their own chain; the policy shows a tenant its own chain and a
 * no-tenant unit of work only the platform chain. The application may insert and read, never update,
 * delete or truncate.
 */
export const AUDIT_MIGRATIONS: readonly ModuleMigration[] = [
  {
    name: '0001-audit-log',
    up: [
      `CREATE TABLE audit_log (
         tenant_id uuid REFERENCES tenants(id),
         seq bigint NOT NULL CHECK (seq > 0),
         id uuid NOT NULL UNIQUE,
         occurred_at timestamptz NOT NULL,
         actor_kind text NOT NULL,
         actor_id text NOT NULL,
         action text NOT NULL,
         target_type text,
         target_id text,
         before jsonb,
         after jsonb,
         metadata jsonb,
         request_id text,
         prev_hash text NOT NULL,
         hash text NOT NULL,
         CONSTRAINT audit_log_chain UNIQUE NULLS NOT DISTINCT (tenant_id, seq)
       )`,
      'CREATE INDEX audit_log_action ON audit_log (tenant_id, action, seq)',
      'ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY',
      'ALTER TABLE audit_log FORCE ROW LEVEL SECURITY',
      `CREATE POLICY audit_log_tenant_chain ON audit_log
         USING (tenant_id IS NOT DISTINCT FROM tessera_current_tenant())
         WITH CHECK (tenant_id IS NOT DISTINCT FROM tessera_current_tenant())`,
      `REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM ${APP_ACCESS_ROLE}`,
    ],
  },
];
