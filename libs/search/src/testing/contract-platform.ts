import { randomBytes } from 'node:crypto';
import { Client } from '@elastic/elasticsearch';
import { defineModule, Module, SEARCH_INDEX, TENANT_DIRECTORY, type ModuleContext, type SearchIndex, type TenantDirectory } from '@tessera/module-sdk';
import { startTestPlatform, type TestPlatform } from '@tessera/module-sdk/testing';
import { indexName } from '../elasticsearch/index-mapping';
import { CONTRACT_COLLECTIONS, CONTRACT_MODULE } from './contract-collections';
import type { SearchContractHarness } from './search-contract';

@Module({})
class SearchContractNestModule {}

/**
 * Boots a real platform (PostgreSQL, Redis, the kernel's wiring) with a module that declares the
 * contract's collections, and hands its `SEARCH_INDEX` to the contract suite. With `elasticsearch`, every
 * tenant searches on that cluster, in indexes of a prefix of this run's own (deleted on close).
 */
export async function startContractPlatform(options: { elasticsearchUrl?: string; env?: Record<string, string> } = {}): Promise<
  SearchContractHarness & { readonly platform: TestPlatform; readonly context: ModuleContext }
> {
  let context: ModuleContext | undefined;
  const module = defineModule({
    name: CONTRACT_MODULE,
    version: '1.0.0',
    platform: '^1.0.0',
    nestModule: SearchContractNestModule,
    searchCollections: CONTRACT_COLLECTIONS,
    hooks: { onBoot: (ctx) => void (context = ctx) },
  });
  const prefix = `t-${randomBytes(5).toString('hex')}`;
  const elastic: Record<string, string> = options.elasticsearchUrl
    ? {
        SEARCH_BACKEND: 'elasticsearch',
        SEARCH_ELASTICSEARCH_URL: options.elasticsearchUrl,
        SEARCH_ELASTICSEARCH_INDEX_PREFIX: prefix,
        SEARCH_ELASTICSEARCH_REFRESH: 'wait_for',
      }
    : {};
  const platform = await startTestPlatform({ modules: [module], env: { ...elastic, ...options.env } });
  const ctx = context!;
  const index = ctx.get<SearchIndex>(SEARCH_INDEX);
  const tenants = ctx.get<TenantDirectory>(TENANT_DIRECTORY);
  return {
    platform,
    context: ctx,
    index,
    async createTenant() {
      const slug = `search-${randomBytes(6).toString('hex')}`;
      return (await ctx.withoutTenant(() => tenants.create({ slug, name: slug }))).id;
    },
    withTenant: (tenantId, fn) => ctx.withTenant(tenantId, fn),
    withoutTenant: (fn) => ctx.withoutTenant(fn),
    async close() {
      await platform.close();
      if (options.elasticsearchUrl) {
        const client = new Client({ node: options.elasticsearchUrl });
        const names = CONTRACT_COLLECTIONS.map((collection) => indexName(prefix, collection.name));
        await client.indices.delete({ index: names, ignore_unavailable: true }).finally(() => client.close());
      }
    },
  };
}
