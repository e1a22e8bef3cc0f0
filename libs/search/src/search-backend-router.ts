import type { SearchBackend } from './search-backend';

/**
 * Which backend serves which tenant: PostgreSQL unless the tenant is listed for Elasticsearch (or
 * Elasticsearch is the default and the tenant is not listed for PostgreSQL).
 */
export class SearchBackendRouter {
  constructor(
    private readonly postgres: SearchBackend,
    private readonly elasticsearch: SearchBackend | undefined,
    private readonly choose: (tenantId: string) => 'postgres' | 'elasticsearch',
  ) {}

  forTenant(tenantId: string): SearchBackend {
    if (this.choose(tenantId) === 'elasticsearch' && this.elasticsearch) return this.elasticsearch;
    return this.postgres;
  }

  /** Every configured backend, PostgreSQL first. */
  all(): readonly SearchBackend[] {
    return this.elasticsearch ? [this.postgres, this.elasticsearch] : [this.postgres];
  }
}
