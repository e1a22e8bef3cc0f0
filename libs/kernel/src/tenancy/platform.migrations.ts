import type { ModuleMigration } from '@tessera/module-sdk';

/** The kernel's own schema, recorded under the module name `platform`; runs before every module's. */
export const PLATFORM_MIGRATIONS: readonly ModuleMigration[] = [
  {
    name: '0001-tenants',
    up: [
      `CREATE TABLE tenants (
         id uuid PRIMARY KEY,
         slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$'),
         name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
         status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
         plan text NOT NULL DEFAULT 'free' CHECK (length(plan) BETWEEN 1 AND 100),
         created_at timestamptz NOT NULL DEFAULT now(),
         updated_at timestamptz NOT NULL DEFAULT now()
       )`,
    ],
  },
];
