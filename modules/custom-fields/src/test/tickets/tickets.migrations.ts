import { tenantIsolation, type ModuleMigration } from '@tessera/module-sdk';

/** What a custom-field target creates: a jsonb NOT NULL DEFAULT '{}' column and a GIN index on it. */
export const TICKETS_MIGRATIONS: readonly ModuleMigration[] = [
  {
    name: '0001-tickets',
    up: [
      `CREATE TABLE test_tickets (
         id uuid PRIMARY KEY,
         tenant_id uuid NOT NULL REFERENCES tenants(id),
         title text NOT NULL,
         custom_fields jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(custom_fields) = 'object'),
         created_at timestamptz NOT NULL DEFAULT now(),
         updated_at timestamptz NOT NULL DEFAULT now(),
         UNIQUE (tenant_id, id)
       )`,
      `CREATE INDEX test_tickets_tenant ON test_tickets (tenant_id, id)`,
      `CREATE INDEX test_tickets_custom_fields ON test_tickets USING GIN (custom_fields jsonb_path_ops)`,
      ...tenantIsolation('test_tickets'),
    ],
  },
];
