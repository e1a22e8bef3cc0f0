import { Client } from 'pg';

/**
 * Runs SQL on a test database directly (as the schema owner: to simulate tampering or time passing).
 * Row-level security is forced even on the owner, so `tenantId` sets the tenant the statement sees.
 */
export async function runSql<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = [], tenantId?: string | null): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    if (tenantId) await client.query("SELECT set_config('app.tenant_id', $1, false)", [tenantId]);
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}
