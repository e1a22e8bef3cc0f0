import { Client } from '@elastic/elasticsearch';
import type { MikroORM } from '@mikro-orm/core';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { HealthCheckResult, SearchCollectionDeclaration, SearchIndex } from '@tessera/module-sdk';
import type { TenantScope } from '@tessera/persistence';
import type { Logger } from 'pino';
import { SearchCollectionCatalog } from './collections/search-collection';
import { elasticsearchHealth } from './elasticsearch/elasticsearch-health';
import { ElasticsearchSearchBackend } from './elasticsearch/elasticsearch-search.backend';
import { ModuleSearchIndex } from './module-search-index';
import { PostgresSearchBackend } from './postgres/postgres-search.backend';
import { SearchBackendRouter } from './search-backend-router';
import type { SearchSettings } from './search-settings';

export interface SearchRuntimeOptions {
  readonly settings: SearchSettings;
  /** Every loaded module's declared collections. */
  readonly modules: ReadonlyArray<{ readonly module: string; readonly collections: readonly SearchCollectionDeclaration[] }>;
  readonly logger: Logger;
}

/**
 * The search layer of one platform instance: the collection catalog, the backends (PostgreSQL always,
 * Elasticsearch when configured) and the per-module `SEARCH_INDEX` bound to each module's collections.
 */
export class SearchRuntime {
  readonly catalog: SearchCollectionCatalog;
  private readonly client: Client | undefined;
  private router: SearchBackendRouter | undefined;

  constructor(private readonly options: SearchRuntimeOptions) {
    this.catalog = new SearchCollectionCatalog(options.modules);
    const es = options.settings.elasticsearch;
    // The client connects lazily: creating it opens no connection.
    this.client = es
      ? new Client({ node: es.url, ...(es.apiKey ? { auth: { apiKey: es.apiKey } } : {}), requestTimeout: es.requestTimeoutMs, maxRetries: 2 })
      : undefined;
  }

  /** Whether a readiness check of Elasticsearch applies. */
  get usesElasticsearch(): boolean {
    return this.client !== undefined;
  }

  /** The `SEARCH_INDEX` of `module`, bound to the collections it declares. */
  indexFor(module: string, orm: MikroORM<PostgreSqlDriver>, scope: TenantScope): SearchIndex {
    return new ModuleSearchIndex(module, this.catalog, this.routerOf(orm, scope));
  }

  /** Elasticsearch's cluster health, for readiness; undefined when it is not configured. */
  async elasticsearchHealth(): Promise<HealthCheckResult | undefined> {
    return this.client ? elasticsearchHealth(this.client) : undefined;
  }

  async close(): Promise<void> {
    await this.client?.close();
  }

  private routerOf(orm: MikroORM<PostgreSqlDriver>, scope: TenantScope): SearchBackendRouter {
    if (!this.router) {
      const { settings } = this.options;
      const elasticTenants = new Set(settings.elasticsearchTenants.map((id) => id.toLowerCase()));
      const elasticsearch = this.client
        ? new ElasticsearchSearchBackend(this.client, settings.elasticsearch!, scope, this.options.logger.child({ component: 'search' }))
        : undefined;
      this.router = new SearchBackendRouter(new PostgresSearchBackend(orm, scope), elasticsearch, (tenantId) =>
        settings.backend === 'elasticsearch' || elasticTenants.has(tenantId.toLowerCase()) ? 'elasticsearch' : 'postgres',
      );
    }
    return this.router;
  }
}
