import { Client } from 'pg';

/** Runs `fn` with a short-lived client on `url`, closing it whatever happens. */
export async function withPgClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Replaces the user, password and database of a PostgreSQL URL. */
export function withCredentials(url: string, parts: { user?: string; password?: string; database?: string }): string {
  const parsed = new URL(url);
  if (parts.user !== undefined) parsed.username = encodeURIComponent(parts.user);
  if (parts.password !== undefined) parsed.password = encodeURIComponent(parts.password);
  if (parts.database !== undefined) parsed.pathname = `/${encodeURIComponent(parts.database)}`;
  return parsed.toString();
}

/** A URL with its password masked, fit for a log line. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable url>';
  }
}
