import { tenantIsolation, type ModuleMigration } from '@tessera/module-sdk';
import { APP_ACCESS_ROLE } from '@tessera/persistence';

/**
 * The file store's schema, recorded under the name `files`: one row per file, its content in fixed-size
 * chunks. Both tables are tenant-owned under row-level security; the chunks' foreign key includes the
 * tenant, so no chunk can belong to another tenant's file, and cascades, so deleting a file deletes its
 * content. `complete` is set by the write's last statement: a file being written is never readable.
 *
 * Expired files are removed by `tessera_purge_expired_files()`, an owner-defined function (the platform's
 * purge job runs with no tenant, and row-level security binds the owner too): the two owner-only policies
 * show and delete expired files, nothing else.
 */
export const FILES_MIGRATIONS: readonly ModuleMigration[] = [
  {
    name: '0001-files',
    up: [
      `CREATE TABLE files (
         tenant_id uuid NOT NULL REFERENCES tenants(id),
         id uuid NOT NULL,
         module text NOT NULL CHECK (module ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' AND length(module) <= 50),
         name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
         content_type text NOT NULL CHECK (length(content_type) BETWEEN 3 AND 255),
         size bigint NOT NULL DEFAULT 0 CHECK (size >= 0),
         sha256 text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
         complete boolean NOT NULL DEFAULT false,
         created_at timestamptz NOT NULL DEFAULT now(),
         expires_at timestamptz,
         PRIMARY KEY (tenant_id, id),
         CHECK (NOT complete OR sha256 IS NOT NULL)
       )`,
      'CREATE INDEX files_expires_at ON files (expires_at) WHERE expires_at IS NOT NULL',
      ...tenantIsolation('files'),
      `CREATE TABLE file_chunks (
         tenant_id uuid NOT NULL,
         file_id uuid NOT NULL,
         seq integer NOT NULL CHECK (seq >= 0),
         data bytea NOT NULL,
         PRIMARY KEY (tenant_id, file_id, seq),
         FOREIGN KEY (tenant_id, file_id) REFERENCES files (tenant_id, id) ON DELETE CASCADE
       )`,
      ...tenantIsolation('file_chunks'),
      `CREATE POLICY files_purge_select ON files FOR SELECT TO CURRENT_USER USING (expires_at < now())`,
      `CREATE POLICY files_purge_delete ON files FOR DELETE TO CURRENT_USER USING (expires_at < now())`,
      // Oldest first, a batch at a time; the chunks go with their file (the foreign key cascades).
      `CREATE FUNCTION tessera_purge_expired_files(max_files integer) RETURNS integer
         LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public
         AS $$ WITH doomed AS (SELECT tenant_id, id FROM public.files WHERE expires_at < now() ORDER BY expires_at LIMIT greatest(max_files, 1)),
                    gone AS (DELETE FROM public.files f USING doomed d WHERE f.tenant_id = d.tenant_id AND f.id = d.id AND f.expires_at < now() RETURNING 1)
               SELECT count(*)::integer FROM gone $$`,
      'REVOKE ALL ON FUNCTION tessera_purge_expired_files(integer) FROM PUBLIC',
      `GRANT EXECUTE ON FUNCTION tessera_purge_expired_files(integer) TO ${APP_ACCESS_ROLE}`,
    ],
  },
];
