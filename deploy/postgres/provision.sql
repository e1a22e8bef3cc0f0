-- Provision a Tessera database by hand (what `npm run cli -- db:provision` does).
-- Run as a superuser with psql, e.g.:
--   psql "$ADMIN_URL" -v db=tessera -v owner=tessera_owner -v owner_password=... \
--        -v app=tessera_app -v app_password=... -f deploy/postgres/provision.sql
-- The owner runs migrations; the application connects as `app`, which can never bypass row-level security.

SELECT 'CREATE ROLE tessera_app_access NOLOGIN'
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tessera_app_access') \gexec
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB PASSWORD %L', :'owner', :'owner_password')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'owner') \gexec
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB PASSWORD %L', :'app', :'app_password')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'app') \gexec
SELECT format('GRANT tessera_app_access TO %I', :'app') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'owner')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec

\connect :db
SELECT format('ALTER SCHEMA public OWNER TO %I', :'owner') \gexec
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO tessera_app_access;
-- Extensions the migrations use (the search index's trigram similarity).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
