import { escapeIdentifier, escapeLiteral } from 'pg';
import { APP_ACCESS_ROLE, type DatabaseRoles } from './database-roles';
import { withCredentials, withPgClient } from './pg-client';

export interface ProvisionOptions {
  /** A superuser (or CREATEROLE + CREATEDB) URL, used only here. */
  readonly adminUrl: string;
  readonly database: string;
  readonly roles: DatabaseRoles;
  /** Passwords to set on the login roles; omit on a server that trusts local connections. */
  readonly passwords?: { readonly owner?: string; readonly app?: string };
}

export interface ProvisionedDatabase {
  /** URL of the application role. */
  readonly appUrl: string;
  /** URL of the owning role, for migrations. */
  readonly migrationUrl: string;
}

/** PostgreSQL extensions a Tessera database needs (the search index's trigram similarity). */
export const REQUIRED_EXTENSIONS = ['pg_trgm'] as const;

// Serialises provisioning across processes: role creation is cluster-wide and not idempotent under races.
const PROVISION_LOCK = 0x7e55e7a1;

async function ensureRole(
  client: import('pg').Client,
  name: string,
  attributes: string,
  password: string | undefined,
): Promise<void> {
  const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name]);
  const verb = exists.rowCount ? 'ALTER' : 'CREATE';
  const passwordClause = password === undefined ? '' : ` PASSWORD ${escapeLiteral(password)}`;
  await client.query(`${verb} ROLE ${escapeIdentifier(name)} ${attributes}${passwordClause}`);
}

/**
 * Creates (or brings up to date) the roles and the database Tessera runs on. Idempotent and safe to run
 * from several processes at once. Production DBAs can run the equivalent `deploy/postgres/provision.sql`.
 */
export async function provisionDatabase(options: ProvisionOptions): Promise<ProvisionedDatabase> {
  const { adminUrl, database, roles, passwords = {} } = options;
  await withPgClient(adminUrl, async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [PROVISION_LOCK]);
    try {
      await ensureRole(client, APP_ACCESS_ROLE, 'NOLOGIN', undefined);
      await ensureRole(client, roles.owner, 'LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB', passwords.owner);
      await ensureRole(client, roles.app, 'LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB', passwords.app);
      await client.query(`GRANT ${escapeIdentifier(APP_ACCESS_ROLE)} TO ${escapeIdentifier(roles.app)}`);
      const db = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (!db.rowCount) {
        await client.query(`CREATE DATABASE ${escapeIdentifier(database)} OWNER ${escapeIdentifier(roles.owner)}`);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PROVISION_LOCK]);
    }
  });
  // Inside the database: the owner owns the public schema, nobody else may create objects in it.
  await withPgClient(withCredentials(adminUrl, { database }), async (client) => {
    await client.query(`ALTER SCHEMA public OWNER TO ${escapeIdentifier(roles.owner)}`);
    await client.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
    await client.query(`GRANT USAGE ON SCHEMA public TO ${escapeIdentifier(APP_ACCESS_ROLE)}`);
    // Extensions the migrations use. pg_trgm is trusted (the owner could create it), but managed servers
    // may restrict that; created here by the admin, the migration's CREATE EXTENSION IF NOT EXISTS is a no-op.
    for (const extension of REQUIRED_EXTENSIONS) await client.query(`CREATE EXTENSION IF NOT EXISTS ${escapeIdentifier(extension)}`);
  });
  return {
    appUrl: withCredentials(adminUrl, { user: roles.app, password: passwords.app ?? '', database }),
    migrationUrl: withCredentials(adminUrl, { user: roles.owner, password: passwords.owner ?? '', database }),
  };
}

/** Drops a database (used by tests that created their own). */
export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  await withPgClient(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${escapeIdentifier(database)} WITH (FORCE)`);
  });
}
