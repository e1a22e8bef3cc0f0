import { authModule } from '@tessera/auth';
import { customFieldsModule } from '@tessera/custom-fields';
import type { ModuleDefinition } from '@tessera/module-sdk';
import { startTestPlatform, type TestPlatform } from '@tessera/module-sdk/testing';
import { Client } from 'pg';
import type supertest from 'supertest';
import { contactsModule } from '../index';

/** Suites send many requests from one address: the auth module's production rate limits would answer 429. */
export const CONTACTS_TEST_ENV: Readonly<Record<string, string>> = {
  AUTH_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000',
  AUTH_RATE_LIMIT_CREDENTIALS_PER_MINUTE: '100000',
  AUTH_RATE_LIMIT_PRINCIPAL_PER_MINUTE: '100000',
  AUTH_RATE_LIMIT_TENANT_PER_MINUTE: '100000',
};

/** The real platform with contacts and what it depends on (auth, custom-fields), plus `extra` modules. */
export function startContactsPlatform(env: Readonly<Record<string, string>> = {}, extra: readonly ModuleDefinition[] = []): Promise<TestPlatform> {
  return startTestPlatform({ modules: [authModule, customFieldsModule, contactsModule, ...extra], env: { ...CONTACTS_TEST_ENV, ...env } });
}

/** A session of `@tessera/auth/testing` (its headers), or an API key. */
export type Caller = { readonly headers: { readonly authorization: string } } | { readonly key: string };

/** Requests under `/api/v1` as a session (bearer token) or an API key. */
export function api(t: TestPlatform, caller: Caller) {
  const headers: Record<string, string> = 'key' in caller ? { 'x-api-key': caller.key } : caller.headers;
  const path = (p: string) => `/api/v1${p}`;
  return {
    get: (p: string): supertest.Test => t.http().get(path(p)).set(headers),
    post: (p: string, body: object = {}): supertest.Test => t.http().post(path(p)).set(headers).send(body),
    patch: (p: string, body: object): supertest.Test => t.http().patch(path(p)).set(headers).send(body),
    put: (p: string, body: object): supertest.Test => t.http().put(path(p)).set(headers).send(body),
    delete: (p: string): supertest.Test => t.http().delete(path(p)).set(headers),
  };
}

/** A query string, repeating keys given as arrays (`tag=a&tag=b`) and JSON-encoding objects (custom-field filters). */
export function query(params: Record<string, string | number | readonly string[] | object | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) search.append(key, String(item));
    else search.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  return `?${search.toString()}`;
}

/** The problems of a 400 VALIDATION_FAILED, by field. */
export const problemsOf = (body: { error: { details: Array<{ field: string; message: string }> } }): Record<string, string> =>
  Object.fromEntries(body.error.details.map((problem) => [problem.field, problem.message]));

/**
 * Runs SQL on the test database as the schema owner (to simulate time passing, or to look at rows past the
 * API). Row-level security is forced even on the owner: `tenantId` sets the tenant the statement sees.
 */
export async function runSql<T = Record<string, unknown>>(t: TestPlatform, sql: string, params: unknown[] = [], tenantId?: string): Promise<T[]> {
  const client = new Client({ connectionString: t.database.migrationUrl });
  await client.connect();
  try {
    if (tenantId) await client.query("SELECT set_config('app.tenant_id', $1, false)", [tenantId]);
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

export type { TestPlatform };

/**
 * Polls `probe` until it returns something other than `undefined` or `false`: asynchronous work (a job, an
 * event delivery) is awaited by its outcome, never by sleeping a fixed time.
 */
export async function waitFor<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The tenant's audit entries of one action, newest first. */
export async function auditEntries(t: TestPlatform, caller: Caller, action: string): Promise<Array<{ action: string; target: { type: string; id: string } | null; before: unknown; after: unknown; metadata: Record<string, unknown> }>> {
  return (await api(t, caller).get(`/audit/entries?action=${encodeURIComponent(action)}&limit=200`).expect(200)).body.data;
}
