import { tenantIsolation, type ModuleMigration } from '@tessera/module-sdk';

/** Definitions only: the values live in each target's own JSONB column (see the README). */
export const CUSTOM_FIELDS_MIGRATIONS: readonly ModuleMigration[] = [
  {
    name: '0001-definitions',
    up: [
      `CREATE TABLE custom_field_definitions (
         id uuid PRIMARY KEY,
         tenant_id uuid NOT NULL REFERENCES tenants(id),
         target text NOT NULL,
         key text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_]{0,49}$'),
         label text NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
         help_text text NOT NULL DEFAULT '' CHECK (length(help_text) <= 500),
         type text NOT NULL CHECK (type IN ('text', 'long_text', 'number', 'decimal', 'currency', 'boolean', 'date',
           'date_time', 'email', 'phone', 'url', 'single_select', 'multi_select')),
         required boolean NOT NULL DEFAULT false,
         "unique" boolean NOT NULL DEFAULT false,
         default_value jsonb,
         constraints jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(constraints) = 'object'),
         options jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(options) = 'array'),
         read_roles text[],
         write_roles text[],
         archived_at timestamptz,
         created_at timestamptz NOT NULL DEFAULT now(),
         updated_at timestamptz NOT NULL DEFAULT now(),
         UNIQUE (tenant_id, id),
         UNIQUE (tenant_id, target, key)
       )`,
      // Lists page by (tenant, target, id); the unique constraint above serves lookups by key.
      `CREATE INDEX custom_field_definitions_by_target ON custom_field_definitions (tenant_id, target, id)`,
      ...tenantIsolation('custom_field_definitions'),
    ],
  },
];
