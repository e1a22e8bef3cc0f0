import { randomUUID } from 'node:crypto';
import { ConfigValidationError } from '@tessera/config';
import { ModuleRegistryError, prepareModules } from '@tessera/kernel';
import {
  defineModule,
  EntityManager,
  Module,
  SEARCH_INDEX,
  TesseraError,
  type ModuleContext,
  type SearchCollectionDeclaration,
  type SearchIndex,
} from '@tessera/module-sdk';
import { startTestPlatform, type TestPlatform } from '@tessera/module-sdk/testing';
import { demoAuthModule, testToken } from '../support/demo-modules';

const people: SearchCollectionDeclaration = { name: 'alpha', description: 'People', fields: { name: { kind: 'text', weight: 'A' } } };

function searchModule(name: string, collections: readonly SearchCollectionDeclaration[], onBoot?: (ctx: ModuleContext) => void) {
  @Module({})
  class SearchNestModule {}
  return defineModule({ name, version: '1.0.0', platform: '^1.0.0', nestModule: SearchNestModule, searchCollections: collections, ...(onBoot ? { hooks: { onBoot } } : {}) });
}

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ModuleRegistryError) return error.problems.map((p) => `[${p.module}] ${p.problem} | ${p.fix}`);
    throw error;
  }
  throw new Error('expected the registry to refuse');
}

async function failureOf(work: () => Promise<unknown>): Promise<TesseraError> {
  try {
    await work();
  } catch (error) {
    if (error instanceof TesseraError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('search collections in the registry', () => {
  it('refuses a collection declared by two modules, naming both, and one outside its namespace', () => {
    const problems = problemsOf(() => prepareModules([searchModule('alpha', [people]), searchModule('beta', [people])], {}));
    expect(problems).toEqual([
      '[beta] search collection "alpha" is outside the module\'s namespace. | name it "beta" or "beta.<name>".',
      '[beta] declares the search collection "alpha", which "alpha" declares too. | rename it within the module\'s own namespace ("beta.<name>"), or load only one of the two modules.',
    ]);
  });

  it('refuses a collection declared twice by one module', () => {
    expect(problemsOf(() => prepareModules([searchModule('alpha', [people, people])], {}))).toEqual([
      '[alpha] search collection "alpha" is declared twice. | declare each search collection once.',
    ]);
  });

  it('refuses a malformed declaration: unknown kind, bad weight, no fields', () => {
    const broken = [
      { name: 'alpha', description: 'x', fields: { name: { kind: 'fulltext' } } },
      { name: 'alpha.tags', description: 'x', fields: { tag: { kind: 'keyword', weight: 'E' } } },
      { name: 'alpha.empty', description: 'x', fields: {} },
    ] as unknown as SearchCollectionDeclaration[];
    const problems = problemsOf(() => prepareModules([searchModule('alpha', broken)], {}));
    expect(problems).toEqual([
      expect.stringContaining('[alpha] definition field "searchCollections.0.fields.name.kind"'),
      expect.stringContaining('[alpha] definition field "searchCollections.1.fields.tag.weight"'),
      expect.stringContaining('[alpha] definition field "searchCollections.2.fields" must declare 1 to 32 fields.'),
    ]);
  });

  it('accepts well-formed collections of several modules', () => {
    const { order } = prepareModules([searchModule('alpha', [people, { ...people, name: 'alpha.archive' }]), searchModule('beta', [{ ...people, name: 'beta' }])], {});
    expect(order.map(({ definition }) => definition.searchCollections?.map((c) => c.name))).toEqual([['alpha', 'alpha.archive'], ['beta']]);
  });

  it('refuses search settings that cannot work: Elasticsearch without a URL, tenants that are not ids', () => {
    const variables = (env: Record<string, string>) => {
      try {
        prepareModules([], env);
      } catch (error) {
        if (error instanceof ConfigValidationError) return error.problems.map((p) => `${p.variable}: ${p.message}`);
        throw error;
      }
      return [];
    };
    expect(variables({ SEARCH_BACKEND: 'elasticsearch' })).toEqual([
      'SEARCH_ELASTICSEARCH_URL: is required with SEARCH_BACKEND=elasticsearch (or set SEARCH_BACKEND=postgres)',
    ]);
    expect(variables({ SEARCH_ELASTICSEARCH_TENANTS: 'acme', SEARCH_ELASTICSEARCH_URL: 'http://127.0.0.1:9200' })).toEqual([
      'SEARCH_ELASTICSEARCH_TENANTS: must list tenant ids (UUIDs), comma-separated',
    ]);
    expect(variables({ SEARCH_ELASTICSEARCH_TENANTS: randomUUID() })).toEqual([
      'SEARCH_ELASTICSEARCH_URL: is required while SEARCH_ELASTICSEARCH_TENANTS lists tenants (or empty that list)',
    ]);
    expect(variables({ SEARCH_BACKEND: 'solr' })).toEqual([expect.stringMatching(/^SEARCH_BACKEND: /)]);
    expect(variables({ SEARCH_BACKEND: 'elasticsearch', SEARCH_ELASTICSEARCH_URL: 'http://127.0.0.1:9200' })).toEqual([]);
  });
});

describe('search on a running platform', () => {
  let t: TestPlatform;
  const contexts = new Map<string, ModuleContext>();
  const tenantOnElasticsearch = randomUUID();
  const tenantOnPostgres = randomUUID();
  const capture = (ctx: ModuleContext) => void contexts.set(ctx.name, ctx);
  const indexOf = (module: string) => contexts.get(module)!.get<SearchIndex>(SEARCH_INDEX);
  const as = <T>(tenantId: string, fn: () => Promise<T>) => contexts.get('alpha')!.withTenant(tenantId, fn);

  beforeAll(async () => {
    t = await startTestPlatform({
      modules: [demoAuthModule, searchModule('alpha', [people], capture), searchModule('beta', [{ ...people, name: 'beta' }], capture)],
      // Elasticsearch is configured (for one tenant) but unreachable here: port 9 refuses connections.
      env: { SEARCH_ELASTICSEARCH_URL: 'http://127.0.0.1:9', SEARCH_ELASTICSEARCH_TENANTS: tenantOnElasticsearch, SEARCH_ELASTICSEARCH_TIMEOUT_MS: '500' },
    });
    const em = contexts.get('alpha')!.get(EntityManager);
    await contexts.get('alpha')!.withoutTenant(async () => {
      for (const id of [tenantOnElasticsearch, tenantOnPostgres]) await em.execute('INSERT INTO tenants (id, slug, name) VALUES (?, ?, ?)', [id, `s-${id.slice(0, 8)}`, 'Search']);
    });
  });
  afterAll(() => t.close());

  it("gives each module an index bound to its own collections: another module's is refused", async () => {
    const doc = { id: randomUUID(), fields: { name: 'Ada Lovelace' } };
    await as(tenantOnPostgres, () => indexOf('beta').upsert('beta', [doc]));
    expect((await as(tenantOnPostgres, () => indexOf('beta').search('beta', { text: 'lovelce' }))).hits.map((h) => h.id)).toEqual([doc.id]);
    for (const work of <Array<() => Promise<unknown>>>[
      () => indexOf('alpha').search('beta', { text: 'lovelace' }),
      () => indexOf('alpha').upsert('beta', [doc]),
      () => indexOf('alpha').remove('beta', [doc.id]),
    ]) {
      const error = await failureOf(() => as(tenantOnPostgres, work));
      expect(error.code).toBe('SEARCH_COLLECTION_FORBIDDEN');
      expect(error.message).toContain('search collection "beta" of module "beta"');
    }
    expect((await as(tenantOnPostgres, () => indexOf('beta').search('beta', { text: 'lovelace' }))).hits).toHaveLength(1);
  });

  it('chooses the backend per tenant: the listed tenant uses Elasticsearch, the others PostgreSQL', async () => {
    const doc = { id: randomUUID(), fields: { name: 'Grace Hopper' } };
    await as(tenantOnPostgres, () => indexOf('alpha').upsert('alpha', [doc]));
    expect((await as(tenantOnPostgres, () => indexOf('alpha').search('alpha', { text: 'hopper' }))).hits.map((h) => h.id)).toEqual([doc.id]);
    // The cluster is unreachable: the Elasticsearch tenant's search fails, and PostgreSQL never answers for it.
    await expect(as(tenantOnElasticsearch, () => indexOf('alpha').search('alpha', { text: 'hopper' }))).rejects.toThrow(/ECONNREFUSED|connect|Connection/i);
  });

  it('commits removals and rebuilds of a PostgreSQL tenant although the Elasticsearch copy cannot be reached', async () => {
    // remove and rebuild also clean the tenant's documents in the other backend, after the commit; a failure
    // there is logged, never thrown at a caller whose change has committed.
    const doc = { id: randomUUID(), fields: { name: 'Katherine Johnson' } };
    await as(tenantOnPostgres, () => indexOf('alpha').upsert('alpha', [doc]));
    await as(tenantOnPostgres, () => indexOf('alpha').remove('alpha', [doc.id]));
    expect((await as(tenantOnPostgres, () => indexOf('alpha').search('alpha', { text: 'katherine' }))).hits).toEqual([]);
    async function* batches() {
      yield [doc];
    }
    expect(await as(tenantOnPostgres, () => indexOf('alpha').rebuild('alpha', batches()))).toEqual({ indexed: 1 });
    expect((await as(tenantOnPostgres, () => indexOf('alpha').search('alpha', { text: 'katherine' }))).hits.map((h) => h.id)).toEqual([doc.id]);
  });

  it('reports an unreachable Elasticsearch as a degraded platform, not a down one', async () => {
    const response = await t.http().get('/health/ready').expect(200);
    expect(response.body).toMatchObject({ status: 'degraded', checks: { postgres: { status: 'up' }, redis: { status: 'up' }, elasticsearch: { status: 'down' } } });
  });

  it("lists each module's search collections in the module list", async () => {
    const admin = testToken({ id: 'ops-1', tenantId: null, permissions: ['platform.modules.read'] });
    const response = await t.http().get('/api/v1/platform/modules').set('authorization', `Bearer ${admin}`).expect(200);
    const alpha = response.body.data.find((m: { name: string }) => m.name === 'alpha');
    expect(alpha.contributes.searchCollections).toEqual([{ name: 'alpha', description: 'People', fields: [{ name: 'name', kind: 'text', weight: 'A' }] }]);
    const auth = response.body.data.find((m: { name: string }) => m.name === 'demo-auth');
    expect(auth.contributes.searchCollections).toEqual([]);
  });
});
