import { tenantIsolation, type ModuleMigration } from '@tessera/module-sdk';

/**
 * `contacts` is the custom-field target (`custom_fields` jsonb + GIN index, see the custom-fields README).
 * Timestamps have millisecond precision, like the JavaScript dates the ORM writes and the list cursors
 * carry, so a keyset comparison never falls between two microseconds.
 *
 * `contact_identifiers` holds each contact's normalised emails, phones and tags as plain text rows, written
 * in the same transaction as the contact: equality on text is LEAKPROOF, so its btree index is usable under
 * forced row-level security (containment on jsonb or arrays is not). Duplicates, the email/phone/tag
 * filters and personal-data lookups go through it.
 */
export const CONTACTS_MIGRATIONS: readonly ModuleMigration[] = [
  {
    name: '0001-contacts',
    up: [
      `CREATE TABLE contacts (
         id uuid PRIMARY KEY,
         tenant_id uuid NOT NULL REFERENCES tenants(id),
         first_name text,
         middle_name text,
         last_name text,
         prefix text,
         suffix text,
         display_name text NOT NULL,
         company text,
         job_title text,
         emails jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(emails) = 'array'),
         phones jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(phones) = 'array'),
         tags jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(tags) = 'array'),
         owner_id uuid,
         custom_fields jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(custom_fields) = 'object'),
         version integer NOT NULL DEFAULT 1 CHECK (version > 0),
         created_by text,
         deleted_at timestamptz(3),
         deleted_by text,
         merged_into_id uuid,
         created_at timestamptz(3) NOT NULL DEFAULT now(),
         updated_at timestamptz(3) NOT NULL DEFAULT now(),
         UNIQUE (tenant_id, id),
         FOREIGN KEY (tenant_id, merged_into_id) REFERENCES contacts (tenant_id, id) ON DELETE SET NULL (merged_into_id),
         CHECK (merged_into_id IS NULL OR deleted_at IS NOT NULL),
         CHECK (merged_into_id IS DISTINCT FROM id)
       )`,
      `CREATE INDEX contacts_tenant ON contacts (tenant_id, id)`,
      `CREATE INDEX contacts_custom_fields ON contacts USING GIN (custom_fields jsonb_path_ops)`,
      // Keyset sorts of live contacts (text and timestamptz comparisons are LEAKPROOF: usable under RLS).
      `CREATE INDEX contacts_live_created ON contacts (tenant_id, created_at, id) WHERE deleted_at IS NULL`,
      `CREATE INDEX contacts_live_updated ON contacts (tenant_id, updated_at, id) WHERE deleted_at IS NULL`,
      `CREATE INDEX contacts_live_last_name ON contacts (tenant_id, last_name, id) WHERE deleted_at IS NULL`,
      `CREATE INDEX contacts_live_first_name ON contacts (tenant_id, first_name, id) WHERE deleted_at IS NULL`,
      `CREATE INDEX contacts_live_company ON contacts (tenant_id, company, id) WHERE deleted_at IS NULL`,
      `CREATE INDEX contacts_live_owner ON contacts (tenant_id, owner_id) WHERE deleted_at IS NULL`,
      // The trash and the purge.
      `CREATE INDEX contacts_deleted ON contacts (tenant_id, deleted_at) WHERE deleted_at IS NOT NULL`,
      `CREATE INDEX contacts_merged_into ON contacts (tenant_id, merged_into_id) WHERE merged_into_id IS NOT NULL`,
      ...tenantIsolation('contacts'),
      `CREATE TABLE contact_identifiers (
         tenant_id uuid NOT NULL REFERENCES tenants(id),
         contact_id uuid NOT NULL,
         kind text NOT NULL CHECK (kind IN ('email', 'phone', 'tag')),
         value text NOT NULL,
         PRIMARY KEY (tenant_id, contact_id, kind, value),
         FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE CASCADE
       )`,
      `CREATE INDEX contact_identifiers_lookup ON contact_identifiers (tenant_id, kind, value)`,
      ...tenantIsolation('contact_identifiers'),
    ],
  },
];
