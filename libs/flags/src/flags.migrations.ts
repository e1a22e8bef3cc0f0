import { tenantIsolation, type ModuleMigration } from '@tessera/module-sdk';

/**
 * The schema of module enablement and flags, recorded under the name `flags` (after the platform's and
 * the audit log's). Per-tenant choices are tenant-owned rows under row-level security; the platform-wide
 * settings of a flag (kill switch, rollout, global value) belong to no tenant.
 */
export const FLAGS_MIGRATIONS: readonly ModuleMigration[] = [
  {
    name: '0001-flags',
    up: [
      `CREATE TABLE flag_settings (
         flag_key text PRIMARY KEY CHECK (flag_key ~ '^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+$'),
         killed boolean NOT NULL DEFAULT false,
         kill_reason text CHECK (kill_reason IS NULL OR length(kill_reason) BETWEEN 1 AND 500),
         value jsonb CHECK (value IS NULL OR jsonb_typeof(value) IN ('boolean', 'string', 'number')),
         rollout_percentage numeric(5, 2) CHECK (rollout_percentage BETWEEN 0 AND 100),
         rollout_stickiness text CHECK (rollout_stickiness IN ('tenant', 'user')),
         updated_at timestamptz NOT NULL DEFAULT now(),
         updated_by text NOT NULL,
         CHECK ((rollout_percentage IS NULL) = (rollout_stickiness IS NULL))
       )`,
      `CREATE TABLE tenant_module_settings (
         tenant_id uuid NOT NULL REFERENCES tenants(id),
         module text NOT NULL CHECK (length(module) BETWEEN 1 AND 50),
         enabled boolean NOT NULL,
         updated_at timestamptz NOT NULL DEFAULT now(),
         updated_by text NOT NULL,
         PRIMARY KEY (tenant_id, module)
       )`,
      ...tenantIsolation('tenant_module_settings'),
      `CREATE TABLE tenant_flag_overrides (
         tenant_id uuid NOT NULL REFERENCES tenants(id),
         flag_key text NOT NULL,
         user_id text CHECK (user_id IS NULL OR length(user_id) BETWEEN 1 AND 200),
         value jsonb NOT NULL CHECK (jsonb_typeof(value) IN ('boolean', 'string', 'number')),
         updated_at timestamptz NOT NULL DEFAULT now(),
         updated_by text NOT NULL,
         CONSTRAINT tenant_flag_overrides_subject UNIQUE NULLS NOT DISTINCT (tenant_id, flag_key, user_id)
       )`,
      ...tenantIsolation('tenant_flag_overrides'),
    ],
  },
];
