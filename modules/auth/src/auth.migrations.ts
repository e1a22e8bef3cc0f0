import { tenantIsolation, type ModuleMigration } from '@tessera/module-sdk';

const timestamps = `created_at timestamptz NOT NULL DEFAULT now(),
         updated_at timestamptz NOT NULL DEFAULT now()`;

/**
 * The auth schema. Users, platform sessions, password resets and signing keys are platform tables (a
 * person and the platform's keys exist across tenants); everything that belongs to a tenant is under
 * row-level security, and its foreign keys include tenant_id.
 */
export const AUTH_MIGRATIONS: readonly ModuleMigration[] = [
  {
    name: '0001-identities',
    up: [
      `CREATE TABLE auth_users (
         id uuid PRIMARY KEY,
         email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
         display_name text NOT NULL DEFAULT '' CHECK (length(display_name) <= 200),
         password_hash text,
         status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
         is_platform_admin boolean NOT NULL DEFAULT false,
         sessions_valid_after timestamptz NOT NULL DEFAULT '-infinity',
         password_changed_at timestamptz,
         ${timestamps},
         CONSTRAINT auth_users_email UNIQUE (email)
       )`,
      `CREATE TABLE auth_roles (
         id uuid PRIMARY KEY,
         tenant_id uuid NOT NULL REFERENCES tenants(id),
         key text NOT NULL CHECK (key ~ '^[a-z][a-z0-9-]{1,49}$'),
         name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
         description text NOT NULL DEFAULT '',
         permissions text[] NOT NULL DEFAULT '{}',
         ${timestamps},
         UNIQUE (tenant_id, id),
         UNIQUE (tenant_id, key)
       )`,
      ...tenantIsolation('auth_roles'),
      `CREATE TABLE auth_memberships (
         id uuid PRIMARY KEY,
         tenant_id uuid NOT NULL REFERENCES tenants(id),
         user_id uuid NOT NULL REFERENCES auth_users(id),
         role text NOT NULL,
         status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
         ${timestamps},
         UNIQUE (tenant_id, id),
         UNIQUE (tenant_id, user_id)
       )`,
      ...tenantIsolation('auth_memberships'),
      // Reserved for SAML SSO: a tenant's IdP subject linked to a user.
      `CREATE TABLE auth_external_identities (
         id uuid PRIMARY KEY,
         tenant_id uuid NOT NULL REFERENCES tenants(id),
         user_id uuid NOT NULL REFERENCES auth_users(id),
         provider text NOT NULL,
         subject text NOT NULL,
         ${timestamps},
         UNIQUE (tenant_id, provider, subject)
       )`,
      ...tenantIsolation('auth_external_identities'),
    ],
  },
  {
    name: '0002-sessions-and-credentials',
    up: [
      `CREATE TABLE auth_sessions (
         id uuid PRIMARY KEY,
         tenant_id uuid NOT NULL REFERENCES tenants(id),
         user_id uuid NOT NULL REFERENCES auth_users(id),
         refresh_hash text NOT NULL,
         previous_hashes text[] NOT NULL DEFAULT '{}',
         generation integer NOT NULL DEFAULT 1,
         method text NOT NULL,
         expires_at timestamptz NOT NULL,
         idle_expires_at timestamptz NOT NULL,
         revoked_at timestamptz,
         revoked_reason text,
         ip text NOT NULL DEFAULT '',
         user_agent text NOT NULL DEFAULT '',
         ${timestamps},
         UNIQUE (tenant_id, id)
       )`,
      'CREATE INDEX auth_sessions_user ON auth_sessions (tenant_id, user_id) WHERE revoked_at IS NULL',
      ...tenantIsolation('auth_sessions'),
      `CREATE TABLE auth_platform_sessions (
         id uuid PRIMARY KEY,
         user_id uuid NOT NULL REFERENCES auth_users(id),
         refresh_hash text NOT NULL,
         previous_hashes text[] NOT NULL DEFAULT '{}',
         generation integer NOT NULL DEFAULT 1,
         method text NOT NULL,
         expires_at timestamptz NOT NULL,
         idle_expires_at timestamptz NOT NULL,
         revoked_at timestamptz,
         revoked_reason text,
         ip text NOT NULL DEFAULT '',
         user_agent text NOT NULL DEFAULT '',
         ${timestamps}
       )`,
      `CREATE TABLE auth_api_keys (
         id uuid PRIMARY KEY,
         tenant_id uuid NOT NULL REFERENCES tenants(id),
         name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
         secret_hash text NOT NULL,
         permissions text[] NOT NULL,
         created_by uuid NOT NULL REFERENCES auth_users(id),
         expires_at timestamptz,
         last_used_at timestamptz,
         revoked_at timestamptz,
         ${timestamps},
         UNIQUE (tenant_id, id)
       )`,
      ...tenantIsolation('auth_api_keys'),
      `CREATE TABLE auth_invitations (
         id uuid PRIMARY KEY,
         tenant_id uuid NOT NULL REFERENCES tenants(id),
         email text NOT NULL CHECK (email = lower(email)),
         role text NOT NULL,
         token_hash text NOT NULL UNIQUE,
         invited_by text NOT NULL,
         expires_at timestamptz NOT NULL,
         accepted_at timestamptz,
         revoked_at timestamptz,
         ${timestamps},
         UNIQUE (tenant_id, id)
       )`,
      ...tenantIsolation('auth_invitations'),
      `CREATE TABLE auth_password_resets (
         id uuid PRIMARY KEY,
         user_id uuid NOT NULL REFERENCES auth_users(id),
         token_hash text NOT NULL UNIQUE,
         expires_at timestamptz NOT NULL,
         used_at timestamptz,
         ${timestamps}
       )`,
      `CREATE TABLE auth_signing_keys (
         kid text PRIMARY KEY,
         algorithm text NOT NULL CHECK (algorithm = 'EdDSA'),
         public_key text NOT NULL,
         private_key_encrypted text NOT NULL,
         state text NOT NULL CHECK (state IN ('active', 'retiring')),
         verify_until timestamptz,
         ${timestamps}
       )`,
      `CREATE UNIQUE INDEX auth_signing_keys_one_active ON auth_signing_keys (state) WHERE state = 'active'`,
    ],
  },
];
