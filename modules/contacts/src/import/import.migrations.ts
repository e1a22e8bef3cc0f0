import { tenantIsolation, type ModuleMigration } from '@tessera/module-sdk';

/**
 * `contact_imports`: one CSV import (its upload in the file store, the mapping, options and counters).
 * `contact_import_rows`: what happened to each data row of an import, written in the same transaction as the
 * contact it created or updated. Its primary key `(tenant_id, import_id, row_number)` is what makes re-runs
 * safe: a row already recorded is never imported again, whatever the job's own checkpoints say. Contacts
 * erased or purged later leave the row with `contact_id` null (re-runs do not bring them back).
 */
export const IMPORT_MIGRATIONS: readonly ModuleMigration[] = [
  {
    name: '0003-contact-imports',
    up: [
      `CREATE TABLE contact_imports (
         id uuid PRIMARY KEY,
         tenant_id uuid NOT NULL REFERENCES tenants(id),
         file_id uuid NOT NULL,
         file_name text NOT NULL,
         file_size integer NOT NULL CHECK (file_size >= 0),
         delimiter text NOT NULL,
         columns jsonb NOT NULL CHECK (jsonb_typeof(columns) = 'array'),
         state text NOT NULL CHECK (state IN ('uploaded', 'queued', 'running', 'completed', 'failed')),
         mapping jsonb,
         options jsonb,
         job_id text,
         start_key text,
         started_roles jsonb,
         created_by text,
         started_by text,
         total_rows integer CHECK (total_rows >= 0),
         processed_rows integer NOT NULL DEFAULT 0 CHECK (processed_rows >= 0),
         created_count integer NOT NULL DEFAULT 0,
         updated_count integer NOT NULL DEFAULT 0,
         skipped_count integer NOT NULL DEFAULT 0,
         failed_count integer NOT NULL DEFAULT 0,
         report_file_id uuid,
         error_code text,
         error_message text,
         created_at timestamptz(3) NOT NULL DEFAULT now(),
         updated_at timestamptz(3) NOT NULL DEFAULT now(),
         started_at timestamptz(3),
         finished_at timestamptz(3),
         UNIQUE (tenant_id, id),
         CHECK ((state = 'uploaded') = (job_id IS NULL))
       )`,
      `CREATE INDEX contact_imports_tenant ON contact_imports (tenant_id, id)`,
      `CREATE INDEX contact_imports_finished ON contact_imports (tenant_id, finished_at) WHERE finished_at IS NOT NULL`,
      ...tenantIsolation('contact_imports'),
      `CREATE TABLE contact_import_rows (
         tenant_id uuid NOT NULL REFERENCES tenants(id),
         import_id uuid NOT NULL,
         row_number integer NOT NULL CHECK (row_number > 1),
         outcome text NOT NULL CHECK (outcome IN ('created', 'updated', 'skipped', 'failed')),
         contact_id uuid,
         errors jsonb CHECK (errors IS NULL OR jsonb_typeof(errors) = 'array'),
         PRIMARY KEY (tenant_id, import_id, row_number),
         FOREIGN KEY (tenant_id, import_id) REFERENCES contact_imports (tenant_id, id) ON DELETE CASCADE,
         FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE SET NULL (contact_id)
       )`,
      `CREATE INDEX contact_import_rows_failed ON contact_import_rows (tenant_id, import_id, row_number) WHERE outcome = 'failed'`,
      `CREATE INDEX contact_import_rows_contact ON contact_import_rows (tenant_id, contact_id) WHERE contact_id IS NOT NULL`,
      ...tenantIsolation('contact_import_rows'),
    ],
  },
];
