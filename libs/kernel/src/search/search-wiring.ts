import type { ResolvedConfig } from '@tessera/config';
import { SearchRuntime } from '@tessera/search';
import type { Logger } from 'pino';
import type { LoadedModule } from '../registry/loaded-module';

/** Builds the search layer of one platform instance from the validated SEARCH_* settings and the modules' collections. */
export function createSearchRuntime(parts: { config: ResolvedConfig; order: readonly LoadedModule[]; logger: Logger }): SearchRuntime {
  const p = parts.config.platform;
  return new SearchRuntime({
    settings: {
      backend: p.SEARCH_BACKEND,
      elasticsearchTenants: p.SEARCH_ELASTICSEARCH_TENANTS,
      ...(p.SEARCH_ELASTICSEARCH_URL
        ? {
            elasticsearch: {
              url: p.SEARCH_ELASTICSEARCH_URL,
              apiKey: p.SEARCH_ELASTICSEARCH_API_KEY,
              indexPrefix: p.SEARCH_ELASTICSEARCH_INDEX_PREFIX,
              refresh: p.SEARCH_ELASTICSEARCH_REFRESH,
              requestTimeoutMs: p.SEARCH_ELASTICSEARCH_TIMEOUT_MS,
            },
          }
        : {}),
    },
    modules: parts.order.map(({ definition }) => ({ module: definition.name, collections: definition.searchCollections ?? [] })),
    logger: parts.logger,
  });
}
