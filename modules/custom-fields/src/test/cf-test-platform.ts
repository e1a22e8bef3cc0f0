import { authModule } from '@tessera/auth';
import { startTestPlatform, type TestPlatform } from '@tessera/module-sdk/testing';
import type supertest from 'supertest';
import { customFieldsModule } from '../index';
import { testTicketsModule } from './tickets/test-tickets.module';

/** Suites send many requests from one address: the auth module's production rate limits would answer 429. */
export const CF_TEST_ENV: Readonly<Record<string, string>> = {
  AUTH_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000',
  AUTH_RATE_LIMIT_CREDENTIALS_PER_MINUTE: '100000',
  AUTH_RATE_LIMIT_PRINCIPAL_PER_MINUTE: '100000',
  AUTH_RATE_LIMIT_TENANT_PER_MINUTE: '100000',
};

/** The real platform with auth, custom-fields and the test-only tickets target. */
export function startCustomFieldsPlatform(env: Readonly<Record<string, string>> = {}): Promise<TestPlatform> {
  return startTestPlatform({ modules: [authModule, customFieldsModule, testTicketsModule], env: { ...CF_TEST_ENV, ...env } });
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
    delete: (p: string): supertest.Test => t.http().delete(path(p)).set(headers),
  };
}

/** `GET /test-tickets?customFields=...` with the filter JSON-encoded, as a client sends it. */
export const filterQuery = (filter: object, extra: Record<string, string> = {}): string =>
  '?' + new URLSearchParams({ customFields: JSON.stringify(filter), ...extra }).toString();

export type { TestPlatform };
