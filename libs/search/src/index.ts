/**
 * @tessera/search — the platform's implementation of the SDK's search port (`SEARCH_INDEX`): PostgreSQL
 * full-text search with typo tolerance by default, Elasticsearch for the tenants configured for it. The
 * kernel creates one `SearchRuntime` per platform instance and gives each module an index bound to its
 * declared collections. Contract suite: `@tessera/search/testing`.
 */
export { SearchRuntime } from './search-runtime';
export type { SearchRuntimeOptions } from './search-runtime';
export type { SearchSettings } from './search-settings';
export type { ElasticsearchSettings } from './elasticsearch/elasticsearch-settings';
export { SEARCH_MIGRATIONS } from './postgres/search.migrations';
export { SearchCollectionCatalog } from './collections/search-collection';
export type { SearchCollectionSpec, SearchFieldSpec } from './collections/search-collection';
export { indexName } from './elasticsearch/index-mapping';
