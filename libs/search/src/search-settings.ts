import type { ElasticsearchSettings } from './elasticsearch/elasticsearch-settings';

/** The platform's search settings (SEARCH_* variables), already validated by the config schema. */
export interface SearchSettings {
  /** The backend of every tenant not listed below. */
  readonly backend: 'postgres' | 'elasticsearch';
  /** Tenants on Elasticsearch while the default stays PostgreSQL (the large ones). */
  readonly elasticsearchTenants: readonly string[];
  /** Required when any tenant is on Elasticsearch. */
  readonly elasticsearch?: ElasticsearchSettings;
}
