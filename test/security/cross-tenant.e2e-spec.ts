import { randomBytes, randomUUID } from 'node:crypto';
import { builtinModules } from '@tessera/builtin-modules';
import { startTestPlatform, type TestPlatform } from '@tessera/module-sdk/testing';
import type supertest from 'supertest';
import { demoCatalogModule } from '../support/demo-modules';
import { sample, sampleBody, type JsonSchema, type SampleContext } from './json-schema-sample';
import { collectionOf, routeOperations, type OpenApiDocument, type RouteOperation } from './route-operations';
import { createTestSessions, SUITE_ENV, type TestSessions } from './test-sessions';

/**
 * The cross-tenant suite: every route of every loaded module, with no per-route code. It seeds data as
 * tenant A through the routes themselves (bodies generated from the OpenAPI schemas), then calls every
 * route as tenant B with A's ids, and checks: no 5xx, no 2xx on A's resources, no trace of A's data or ids in
 * any answer, A's data unchanged afterwards, and 401 for every non-public route without credentials.
 * A new module is covered by adding it to the built-in list.
 */
describe('cross-tenant isolation of every route', () => {
  let t: TestPlatform;
  let sessions: TestSessions;
  let operations: RouteOperation[];
  let schemas: Record<string, JsonSchema>;
  const markerA = `tenantA${randomBytes(4).toString('hex')}`;
  const markerB = `tenantB${randomBytes(4).toString('hex')}`;
  const seeded = new Map<string, string[]>(); // collection template → A's ids
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

  const urlFor = (operation: RouteOperation, marker: string): { url: string; usedIdsOfA: string[] } => {
    const usedIdsOfA: string[] = [];
    let url = operation.template;
    for (const param of operation.pathParams) {
      const id = seeded.get(collectionOf(url, param))?.[0];
      if (id) usedIdsOfA.push(id);
      url = url.replace(`{${param}}`, id ?? randomUUID());
    }
    const query = operation.query
      .filter((q) => q.required)
      .map((q) => `${encodeURIComponent(q.name)}=${encodeURIComponent(String(sample(q.schema, context(marker))))}`);
    return { url: query.length ? `${url}?${query.join('&')}` : url, usedIdsOfA };
  };

  /** The id of what a create route made: `id` at the top, or of the one resource it wraps (`{ key: { id }, secret }`). */
  const createdId = (body: unknown): string | undefined => {
    if (typeof body !== 'object' || body === null) return undefined;
    if (typeof (body as { id?: unknown }).id === 'string') return (body as { id: string }).id;
    const nested = Object.values(body).filter((v): v is { id: string } => typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'string');
    return nested.length === 1 ? nested[0]!.id : undefined;
  };

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
        if (seeded.has(operation.template)) continue;
        if (operation.pathParams.some((param) => !seeded.get(collectionOf(operation.template, param))?.length)) continue;
        const { url } = urlFor(operation, markerA);
        const response = await send(operation, url, await sessions.headersOf('A'), bodyFor(operation, markerA));
        const id = createdId(response.body);
        if (response.status < 300 && typeof id === 'string') {
          seeded.set(operation.template, [id]);
          snapshots.set(`${operation.template}/${id}`, response.body);
        }
      }
    }
  });
  afterAll(() => t?.close());

  it('documents every route it serves (what the suite cannot see, it cannot check)', () => {
    const undocumented = operations.filter((o) => !o.documented && !['/health/live', '/health/ready', '/metrics'].includes(o.template));
    expect(undocumented.map((o) => `${o.method} ${o.template}`)).toEqual([]);
  });

  it('created tenant A data through the routes themselves, for every collection that has member routes', () => {
    expect(seeded.get('/api/v1/demo-catalog/items')?.length).toBe(1);
    // A collection the generator could not create data in would leave its member routes unchecked. Platform
    // collections (created by platform admins only, e.g. tenants) hold no tenant data and are out of scope.
    const platformOnly = (o: RouteOperation) => o.route.access?.kind === 'permissions' && o.route.access.permissions.every((p) => p.startsWith('platform.'));
    const collections = operations
      .filter((o) => o.method === 'POST' && !platformOnly(o))
      .filter((o) => operations.some((m) => m.template.startsWith(`${o.template}/{`) && m.pathParams.length === o.pathParams.length + 1))
      .map((o) => o.template);
    expect(collections.filter((c) => !seeded.has(c))).toEqual([]);
  });

  it('answers every route called as tenant B with tenant A ids without a 5xx, a 2xx or a trace of A', async () => {
    const idsOfA = [...seeded.values()].flat();
    // Reads first, writes after, deletes last: a broken route then still has data to leak.
    const order = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
    for (const operation of [...operations].sort((x, y) => order.indexOf(x.method) - order.indexOf(y.method))) {
      const { url, usedIdsOfA } = urlFor(operation, markerB);
      const body = sampleBody(operation.bodyType, operation.body, context(markerB));
      const response = await send(operation, url, await sessions.headersOf('B'), body);
      const where = `${operation.method} ${operation.template} → ${response.status}`;
      const text = JSON.stringify(response.body ?? '') + (response.text ?? '');
      const sent = url + JSON.stringify(body?.payload ?? '');
      if (response.status >= 500) failures.push(`${where}: server error ${text.slice(0, 200)}`);
      if (usedIdsOfA.length > 0 && response.status < 300) failures.push(`${where}: tenant B reached tenant A's resource`);
      if (text.includes(markerA)) failures.push(`${where}: answer contains tenant A's data`);
      const leakedIds = idsOfA.filter((id) => text.includes(id) && !sent.includes(id));
      if (leakedIds.length) failures.push(`${where}: answer contains tenant A's ids ${leakedIds.join(', ')}`);
    }
    expect(failures).toEqual([]);
  });

  it("leaves tenant A's data as it was", async () => {
    const changed: string[] = [];
    for (const [memberUrl, before] of snapshots) {
      const get = operations.find((o) => o.method === 'GET' && o.template === memberUrl.replace(/\/[^/]+$/, '/{id}'));
      if (!get) continue;
      const response = await t.http().get(memberUrl).set(await sessions.headersOf('A'));
      const strip = (value: unknown) => JSON.stringify(value, (key, v) => (key === 'updatedAt' ? undefined : v));
      if (response.status !== 200 || strip(response.body) !== strip(before)) changed.push(`${memberUrl} → ${response.status}`);
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
