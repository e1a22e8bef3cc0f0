import { tenantIsolation, type ModuleMigration } from '@tessera/module-sdk';
import { APP_ACCESS_ROLE } from '@tessera/persistence';

/**
 * The job layer's schema, recorded under the name `jobs`: the ledger of completed job steps
 * (`ctx.step()`), tenant-owned and under row-level security like every tenant table. The application
 * role cannot see other tenants' steps; only the owner-defined purge function removes old rows across
 * tenants, and only rows past the retention it is given.
 */
export const JOBS_MIGRATIONS: readonly ModuleMigration[] = [
  {
    name: '0001-job-steps',
    up: [
      `CREATE TABLE job_steps (
         tenant_id uuid NOT NULL REFERENCES tenants(id),
         job_key text NOT NULL CHECK (length(job_key) BETWEEN 1 AND 300),
         step text NOT NULL CHECK (length(step) BETWEEN 1 AND 100),
         result jsonb,
         completed_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (tenant_id, job_key, step)
       )`,
      'CREATE INDEX job_steps_completed_at ON job_steps (completed_at)',
      ...tenantIsolation('job_steps'),
      // The purge runs as the owner (SECURITY DEFINER), which FORCE'd RLS still binds: allow it old rows only.
      `CREATE POLICY job_steps_purge ON job_steps FOR DELETE TO CURRENT_USER USING (completed_at < now() - interval '1 day')`,
      `CREATE FUNCTION tessera_purge_job_steps(retention interval) RETURNS bigint
         LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public
         AS $$ WITH gone AS (DELETE FROM public.job_steps WHERE completed_at < now() - greatest(retention, interval '1 day') RETURNING 1)
               SELECT count(*) FROM gone $$`,
      'REVOKE ALL ON FUNCTION tessera_purge_job_steps(interval) FROM PUBLIC',
      `GRANT EXECUTE ON FUNCTION tessera_purge_job_steps(interval) TO ${APP_ACCESS_ROLE}`,
    ],
  },
  {
    name: '0002-job-outbox',
    up: [
      // Jobs enqueued inside a transaction wait here until it commits (the transactional outbox).
      `CREATE TABLE job_outbox (
         id uuid PRIMARY KEY,
         tenant_id uuid REFERENCES tenants(id),
         job_name text NOT NULL,
         job_id text NOT NULL,
         envelope jsonb NOT NULL,
         delay_ms integer NOT NULL DEFAULT 0 CHECK (delay_ms >= 0),
         created_at timestamptz NOT NULL DEFAULT now()
       )`,
      'CREATE INDEX job_outbox_created_at ON job_outbox (created_at)',
      'ALTER TABLE job_outbox ENABLE ROW LEVEL SECURITY',
      'ALTER TABLE job_outbox FORCE ROW LEVEL SECURITY',
      // Like the audit log: a tenant sees its rows, a no-tenant unit of work the platform's.
      `CREATE POLICY job_outbox_tenant ON job_outbox
         USING (tenant_id IS NOT DISTINCT FROM tessera_current_tenant())
         WITH CHECK (tenant_id IS NOT DISTINCT FROM tessera_current_tenant())`,
      // The sweeper finds tenants with rows left behind by a crash (older than a few seconds) through an
      // owner-defined function that returns tenant ids only, never row contents.
      `CREATE POLICY job_outbox_sweep ON job_outbox FOR SELECT TO CURRENT_USER USING (created_at < now() - interval '5 seconds')`,
      `CREATE FUNCTION tessera_stale_outbox_tenants(older_than interval, max_tenants integer)
         RETURNS TABLE (tenant_id uuid)
         LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
         AS $$ SELECT DISTINCT o.tenant_id FROM public.job_outbox o
               WHERE o.created_at < now() - greatest(older_than, interval '5 seconds') LIMIT max_tenants $$`,
      'REVOKE ALL ON FUNCTION tessera_stale_outbox_tenants(interval, integer) FROM PUBLIC',
      `GRANT EXECUTE ON FUNCTION tessera_stale_outbox_tenants(interval, integer) TO ${APP_ACCESS_ROLE}`,
    ],
  },
  {
    name: '0003-job-steps-purge-reads',
    up: [
      // A DELETE with a WHERE clause also applies the SELECT policies to the rows it reads: without this one
      // the purge function (no tenant set) matched no row at all and old steps were never removed.
      `CREATE POLICY job_steps_purge_read ON job_steps FOR SELECT TO CURRENT_USER USING (completed_at < now() - interval '1 day')`,
    ],
  },
];
