import { randomBytes, randomUUID } from 'node:crypto';
import { builtinModules } from '@tessera/builtin-modules';
import { startTestPlatform, type TestPlatform } from '@tessera/module-sdk/testing';
import type supertest from 'supertest';
import { demoCatalogModule } from '../support/demo-modules';
import { sample, sampleBody, type JsonSchema, type SampleContext } from './json-schema-sample';
import { collectionOf, routeOperations, type OpenApiDocument, type RouteOperation } from './route-operations';
import { createdId, listedKeys, TenantIds } from './tenant-ids';
import { createTestSessions, SUITE_ENV, type TestSessions } from './test-sessions';

/**
 * Path parameters the suite may call without a real id of tenant A, keyed by the member template they
 * index (`<collection>/{param}`), each with the reason. Anything else left unseeded fails the suite: a
 * route called with a random id answers 404 whether isolation holds or not, so it would check nothing.
 */
const ALLOW_UNSEEDED: Readonly<Record<string, string>> = {
  '/api/v1/tenant/modules/{module}':
    "module names are the same for every tenant: which modules a tenant enabled is found by the caller's tenant, never by an id of another tenant.",
  '/api/v1/tenant/flags/{key}':
    "flag keys are declared by modules, the same for every tenant: a tenant's override is found by the caller's tenant, never by an id of another tenant.",
};

/**
 * Path parameters that are a key of the caller's own data rather than a lookup of a resource, so a 2xx with
 * an id of tenant A is not a breach (the leak checks still apply), keyed like {@link ALLOW_UNSEEDED}.
 */
const KEYS_NOT_LOOKUPS: Readonly<Record<string, string>> = {
  // Known gap, reported: the route stores tenant B's own override row for any user id without checking that the
  // user is a member of B (users are platform-wide, one user may belong to several tenants). Nothing of A is
  // read or changed; the kernel has no membership port to check it with (auth's TENANT_MEMBERS is a module's).
  '/api/v1/tenant/flags/{key}/users/{userId}': 'a per-user override is a row of the caller\'s tenant keyed by a user id, not a lookup of the user.',
};

/** Routes only platform admins may call: tenant B's owner is refused before any lookup, and they hold no tenant's data. */
const platformOnly = (o: RouteOperation) => o.route.access?.kind === 'permissions' && o.route.access.permissions.every((p) => p.startsWith('platform.'));

/**
 * The cross-tenant suite: every route of every loaded module, with no per-route code. It seeds data as
 * tenant A through the routes themselves (bodies generated from the OpenAPI schemas), harvests A's real ids
 * from A's answers (what creates return, the items of A's lists, `…Id` fields of any answer: the job an export
 * started), then calls every route as tenant B with A's ids, and checks: every path parameter had a real id of
 * A (or is allow-listed with a reason), no 5xx, no 2xx on A's resources, no trace of A's data or ids in any
 * answer, A's data unchanged and still listed afterwards, and 401 for every non-public route without
 * credentials. A new module is covered by adding it to the built-in list.
 */
describe('cross-tenant isolation of every route', () => {
  let t: TestPlatform;
  let sessions: TestSessions;
  let operations: RouteOperation[];
  let schemas: Record<string, JsonSchema>;
  const markerA = `tenantA${randomBytes(4).toString('hex')}`;
  const markerB = `tenantB${randomBytes(4).toString('hex')}`;
  const ids = new TenantIds();
  const created = new Set<string>(); // collection templates A created a resource in
  const listedByA = new Map<string, string[]>(); // URL of one of A's lists → the keys it listed
  const snapshots = new Map<string, unknown>(); // A's member URL → its body as A saw it
  const failures: string[] = [];
  let counter = 0;

  const context = (marker: string): SampleContext => ({
    marker,
    next: () => ++counter,
    resolve: (ref) => schemas[ref.replace('#/components/schemas/', '')] ?? {},
  });

  /** The request, with a body of the route's media type (JSON, or the raw body of an upload route). */
  const send = (operation: RouteOperation, url: string, headers: Record<string, string>, body?: { type: string; payload: unknown }): supertest.Test => {
    const request = t.http()[operation.method.toLowerCase() as 'get'](url).set(headers);
    if (body === undefined || operation.method === 'GET') return request;
    return body.type === 'application/json' ? request.send(body.payload as object) : request.set('content-type', body.type).send(body.payload as string);
  };
  const bodyFor = (operation: RouteOperation, marker: string) => sampleBody(operation.bodyType, operation.body, context(marker)) ?? { type: 'application/json', payload: {} };

  /** The URL as tenant `marker` calls it: A's real ids for path parameters, else a shared value, else a random UUID. */
  const urlFor = (operation: RouteOperation, marker: string): { url: string; usedIdsOfA: string[]; unseeded: string[] } => {
    const usedIdsOfA: string[] = [];
    const unseeded: string[] = [];
    let url = operation.template;
    for (const param of operation.pathParams) {
      const id = ids.idFor(operation.template, param);
      if (!id) unseeded.push(param);
      else if (!(`${collectionOf(operation.template, param)}/{${param}}` in KEYS_NOT_LOOKUPS)) usedIdsOfA.push(id);
      url = url.replace(`{${param}}`, encodeURIComponent(id ?? ids.sharedFor(operation.template, param) ?? randomUUID()));
    }
    const query = operation.query
      .filter((q) => q.required)
      .map((q) => `${encodeURIComponent(q.name)}=${encodeURIComponent(String(sample(q.schema, context(marker))))}`);
    return { url: query.length ? `${url}?${query.join('&')}` : url, usedIdsOfA, unseeded };
  };

  /** The parameter of the member routes directly under a collection (`/contacts` → `id`), if it has any. */
  const memberParamOf = (operation: RouteOperation): string | undefined => {
    const member = operations.find((m) => m.pathParams.length === operation.pathParams.length + 1 && m.template.startsWith(`${operation.template}/{`));
    return member?.pathParams[operation.pathParams.length];
  };
  /** A parameter can be filled for A's calls: with one of A's ids, or a shared (allow-listed) value. */
  const fillable = (operation: RouteOperation) =>
    operation.pathParams.every((param) => ids.idFor(operation.template, param) ?? ids.sharedFor(operation.template, param));

  beforeAll(async () => {
    t = await startTestPlatform({ modules: [...builtinModules, demoCatalogModule], env: SUITE_ENV });
    sessions = await createTestSessions(t);
    const document = (await t.http().get('/docs-json').expect(200)).body as OpenApiDocument;
    schemas = document.components?.schemas ?? {};
    operations = routeOperations(t.platform.routes, document);

    // Seed as A: collection creates first, then nested ones once their parents exist.
    const creates = operations.filter((o) => o.method === 'POST').sort((x, y) => x.pathParams.length - y.pathParams.length);
    for (let pass = 0; pass < 3; pass++) {
      for (const operation of creates) {
        if (created.has(operation.template) || !fillable(operation)) continue;
        const { url } = urlFor(operation, markerA);
        const response = await send(operation, url, await sessions.headersOf('A'), bodyFor(operation, markerA));
        if (response.status >= 300) continue;
        ids.recordFields(response.body);
        const id = createdId(response.body);
        if (typeof id === 'string' && memberParamOf(operation)) {
          created.add(operation.template);
          ids.add(operation.template, id);
          snapshots.set(`${operation.template}/${id}`, response.body);
        }
      }
    }

    // Harvest as A: the items of every list (resources made indirectly: members, jobs), and the `…Id` fields
    // of every read, nested lists once their parents are known. Lists that tenant B sees the same items in
    // hold platform-wide names (flags, modules), not A's data.
    const reads = operations.filter((o) => o.method === 'GET' && !platformOnly(o) && o.route.access?.kind !== 'public');
    const done = new Set<RouteOperation>();
    for (let pass = 0; pass < 3; pass++) {
      for (const operation of reads) {
        if (done.has(operation) || !fillable(operation)) continue;
        done.add(operation);
        const { url } = urlFor(operation, markerA);
        const response = await send(operation, url, await sessions.readHeadersOf('A'));
        if (response.status >= 300) continue;
        ids.recordFields(response.body);
        const param = memberParamOf(operation);
        if (!param) continue;
        const keys = listedKeys(response.body, param);
        if (operation.pathParams.length === 0) {
          const asB = await send(operation, url, await sessions.readHeadersOf('B'));
          ids.markShared(operation.template, listedKeys(asB.body, param));
        }
        for (const key of keys) ids.add(operation.template, key);
        if (keys.length > 0) listedByA.set(url, keys);
      }
    }
  }, 180_000);
  afterAll(() => t?.close());

  it('documents every route it serves (what the suite cannot see, it cannot check)', () => {
    const undocumented = operations.filter((o) => !o.documented && !['/health/live', '/health/ready', '/metrics'].includes(o.template));
    expect(undocumented.map((o) => `${o.method} ${o.template}`)).toEqual([]);
  });

  it('created tenant A data through the routes themselves, for every collection that has member routes', () => {
    expect(created.has('/api/v1/demo-catalog/items')).toBe(true);
    // A collection the generator could not create data in would leave its member routes unchecked. Platform
    // collections (created by platform admins only, e.g. tenants) hold no tenant data and are out of scope.
    const collections = operations
      .filter((o) => o.method === 'POST' && !platformOnly(o))
      .filter((o) => operations.some((m) => m.template.startsWith(`${o.template}/{`) && m.pathParams.length === o.pathParams.length + 1))
      .map((o) => o.template);
    expect(collections.filter((c) => !created.has(c))).toEqual([]);
  });

  it('calls every member route as tenant B with a real id of tenant A for each path parameter (or says why not)', () => {
    const unseeded: string[] = [];
    for (const operation of operations.filter((o) => o.pathParams.length > 0 && !platformOnly(o))) {
      for (const param of urlFor(operation, markerB).unseeded) {
        const member = `${collectionOf(operation.template, param)}/{${param}}`;
        if (member in ALLOW_UNSEEDED) continue;
        unseeded.push(
          `${operation.method} ${operation.template}: no real id of tenant A for {${param}} (not created, not in A's list ${collectionOf(operation.template, param)}, ` +
            `no "${param === 'id' ? '<resource>Id' : param}" field in A's answers). Fix: make A's list or create answer return it, ` +
            `or add '${member}' to ALLOW_UNSEEDED with the reason.`,
        );
      }
    }
    expect(unseeded).toEqual([]);
    // The harvest found what creates alone could not: members, and the job an export started.
    expect(ids.idFor('/api/v1/auth/members/{id}', 'id')).toBeDefined();
    expect(ids.idFor('/api/v1/jobs/{id}', 'id')).toBeDefined();
  });

  it('answers every route called as tenant B with tenant A ids without a 5xx, a 2xx or a trace of A', async () => {
    const idsOfA = ids.all();
    // Reads first, writes after, deletes last: a broken route then still has data to leak.
    const order = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
    for (const operation of [...operations].sort((x, y) => order.indexOf(x.method) - order.indexOf(y.method))) {
      const { url, usedIdsOfA } = urlFor(operation, markerB);
      const body = sampleBody(operation.bodyType, operation.body, context(markerB));
      const headers = operation.method === 'GET' ? await sessions.readHeadersOf('B') : await sessions.headersOf('B');
      const response = await send(operation, url, headers, body);
      const where = `${operation.method} ${operation.template} → ${response.status}`;
      const text = JSON.stringify(response.body ?? '') + (response.text ?? '');
      const sent = url + JSON.stringify(body?.payload ?? '');
      if (response.status >= 500) failures.push(`${where}: server error ${text.slice(0, 200)}`);
      // The shared read session must stay valid, or every later read would be refused and check nothing.
      if (response.status === 401 && operation.method === 'GET' && operation.route.access?.kind !== 'public') failures.push(`${where}: tenant B's session was refused`);
      if (usedIdsOfA.length > 0 && response.status < 300) failures.push(`${where}: tenant B reached tenant A's resource`);
      if (text.includes(markerA)) failures.push(`${where}: answer contains tenant A's data`);
      const leakedIds = idsOfA.filter((id) => text.includes(id) && !sent.includes(id));
      if (leakedIds.length) failures.push(`${where}: answer contains tenant A's ids ${leakedIds.join(', ')}`);
    }
    expect(failures).toEqual([]);
  }, 180_000);

  it("leaves tenant A's data as it was, and every item still in A's lists", async () => {
    const changed: string[] = [];
    for (const [memberUrl, before] of snapshots) {
      const get = operations.find((o) => o.method === 'GET' && o.template === memberUrl.replace(/\/[^/]+$/, '/{id}'));
      if (!get) continue;
      const response = await t.http().get(memberUrl).set(await sessions.readHeadersOf('A'));
      const strip = (value: unknown) => JSON.stringify(value, (key, v) => (key === 'updatedAt' ? undefined : v));
      if (response.status !== 200 || strip(response.body) !== strip(before)) changed.push(`${memberUrl} → ${response.status}`);
    }
    for (const [listUrl, keys] of listedByA) {
      const response = await t.http().get(listUrl).set(await sessions.readHeadersOf('A'));
      const text = JSON.stringify(response.body ?? '');
      const gone = keys.filter((key) => !text.includes(key));
      if (response.status !== 200 || gone.length > 0) changed.push(`${listUrl} → ${response.status}, no longer lists ${gone.join(', ')}`);
    }
    expect(changed).toEqual([]);
  });

  it('answers 401 to every non-public route called without credentials', async () => {
    const wrong: string[] = [];
    for (const operation of operations.filter((o) => o.route.access?.kind !== 'public')) {
      const { url } = urlFor(operation, markerB);
      const response = await send(operation, url, {});
      if (response.status !== 401) wrong.push(`${operation.method} ${operation.template} → ${response.status}`);
    }
    expect(wrong).toEqual([]);
  });
});
