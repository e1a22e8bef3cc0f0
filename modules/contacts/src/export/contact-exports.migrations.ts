import { tenantIsolation, type ModuleMigration } from '@tessera/module-sdk';

/**
 * `contact_exports`: one row per CSV export. The file itself is in the platform's file store (no foreign
 * key: files expire and are purged by the platform; a row whose file is gone answers 410). An
 * `Idempotency-Key` is unique per requester, so a repeated request finds its export.
 */
export const CONTACT_EXPORTS_MIGRATIONS: readonly ModuleMigration[] = [
  {
    name: '0002-contact-exports',
    up: [
      `CREATE TABLE contact_exports (
         id uuid PRIMARY KEY,
         tenant_id uuid NOT NULL REFERENCES tenants(id),
         status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'completed', 'failed')),
         requested_by text NOT NULL,
         idempotency_key text,
         filter jsonb NOT NULL CHECK (jsonb_typeof(filter) = 'object'),
         columns jsonb NOT NULL CHECK (jsonb_typeof(columns) = 'array'),
         job_id text,
         row_count integer,
         file_id uuid,
         file_size bigint,
         file_expires_at timestamptz(3),
         error_code text,
         error_message text,
         started_at timestamptz(3),
         completed_at timestamptz(3),
         created_at timestamptz(3) NOT NULL DEFAULT now(),
         updated_at timestamptz(3) NOT NULL DEFAULT now(),
         UNIQUE (tenant_id, id),
         UNIQUE (tenant_id, requested_by, idempotency_key)
       )`,
      `CREATE INDEX contact_exports_requester ON contact_exports (tenant_id, requested_by, id)`,
      ...tenantIsolation('contact_exports'),
    ],
  },
];
