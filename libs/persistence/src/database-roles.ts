/**
 * The group role every application login role is a member of. Migrations grant table privileges to
 * it (never to a login role by name), so one schema serves any application role name, and the audit
 * log's migration can withhold UPDATE and DELETE from it.
 */
export const APP_ACCESS_ROLE = 'tessera_app_access';

/** Names of the two login roles a Tessera database needs. */
export interface DatabaseRoles {
  /** Owns the schema, runs migrations. Not a superuser. */
  readonly owner: string;
  /** What the application connects as: no superuser, no BYPASSRLS, not the owner. */
  readonly app: string;
}
