import { randomUUID } from 'node:crypto';
import { errors, type Client } from '@elastic/elasticsearch';
import type { estypes } from '@elastic/elasticsearch';
import type { TenantScope } from '@tessera/persistence';
import type { Logger } from 'pino';
import type { IndexedDocument } from '../collections/indexed-document';
import type { SearchCollectionSpec } from '../collections/search-collection';
import type { ParsedQuery } from '../query/parsed-query';
import type { CursorPosition } from '../query/search-cursor';
import type { BackendPage, SearchBackend } from '../search-backend';
import type { ElasticsearchSettings } from './elasticsearch-settings';
import { documentKey, indexMappings, indexName, INDEX_SETTINGS } from './index-mapping';
import { searchQuery } from './search-query';

const BULK_BATCH = 500;

/**
 * The backend for large tenants: one index per collection, shared by the tenants on Elasticsearch, every
 * document carrying its tenant, every request routed by tenant and every query filtered by it. Writes
 * are sent once the caller's transaction commits (never for a rolled-back change), or at once outside a
 * unit of work; a write that fails after the commit is logged, and a rebuild repairs the index.
 */
export class ElasticsearchSearchBackend implements SearchBackend {
  readonly name = 'elasticsearch' as const;
  private readonly ready = new Map<string, Promise<void>>();

  constructor(
    private readonly client: Client,
    private readonly settings: ElasticsearchSettings,
    private readonly scope: TenantScope,
    private readonly logger: Logger,
  ) {}

  async upsert(tenantId: string, collection: SearchCollectionSpec, documents: readonly IndexedDocument[]): Promise<void> {
    if (documents.length === 0) return;
    await this.afterCommit('upsert', collection, documents.length, () => this.index(tenantId, collection, documents, undefined));
  }

  async remove(tenantId: string, collection: SearchCollectionSpec, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.afterCommit('remove', collection, ids.length, async () => {
      if (!(await this.exists(collection))) return;
      const index = this.indexOf(collection);
      const operations: estypes.BulkOperationContainer[] = ids.map((id) => ({ delete: { _index: index, _id: documentKey(tenantId, id), routing: tenantId } }));
      await this.bulk(operations, collection);
    });
  }

  async search(tenantId: string, collection: SearchCollectionSpec, query: ParsedQuery, after: CursorPosition | null): Promise<BackendPage> {
    const response = await this.client.search({
      index: this.indexOf(collection),
      ignore_unavailable: true, // no document was ever indexed: an empty result, not an error
      routing: tenantId,
      size: query.limit + 1,
      query: searchQuery(tenantId, collection, query),
      sort: [{ _score: { order: 'desc' } }, { id: { order: 'asc' } }],
      ...(after ? { search_after: [...after] } : {}),
      _source: false,
      track_total_hits: false,
    });
    const hits = response.hits.hits.slice(0, query.limit).map((hit) => {
      const [score, id] = hit.sort as [number, string];
      return { id, score };
    });
    const last = hits.at(-1);
    return { hits, next: response.hits.hits.length > query.limit && last ? [last.score, last.id] : null };
  }

  /**
   * Sends batches as they come (a rebuild can be larger than memory), each document stamped with this
   * rebuild's generation, then deletes the tenant's documents of another generation indexed before the
   * rebuild started (so a write made meanwhile survives).
   */
  async rebuild(tenantId: string, collection: SearchCollectionSpec, batches: AsyncIterable<readonly IndexedDocument[]>): Promise<number> {
    const generation = randomUUID();
    const started = Date.now();
    let indexed = 0;
    for await (const batch of batches) {
      await this.index(tenantId, collection, batch, generation);
      indexed += batch.length;
    }
    await this.ensureIndex(collection);
    await this.deleteWhere(tenantId, collection, {
      bool: {
        filter: [{ term: { tenant_id: tenantId } }, { range: { indexed_at: { lt: started } } }],
        must_not: [{ term: { generation } }],
      },
    });
    return indexed;
  }

  /** After the commit, without waiting: a cluster that is down must not slow the tenants that are not on it. */
  async forget(tenantId: string, collection: SearchCollectionSpec, ids: readonly string[] | null): Promise<void> {
    const send = async () => {
      if (!(await this.exists(collection))) return;
      if (ids) await this.bulk(ids.map((id) => ({ delete: { _index: this.indexOf(collection), _id: documentKey(tenantId, id), routing: tenantId } })), collection);
      else await this.deleteWhere(tenantId, collection, { bool: { filter: [{ term: { tenant_id: tenantId } }] } });
    };
    const start = async () => {
      void send().catch((error: unknown) =>
        this.logger.warn(
          { err: { message: (error as Error).message }, collection: collection.name, documents: ids?.length ?? 'all' },
          'search: could not remove documents of a tenant on another backend from Elasticsearch',
        ),
      );
    };
    if (!this.scope.afterCommit(start)) await start();
  }

  private async index(tenantId: string, collection: SearchCollectionSpec, documents: readonly IndexedDocument[], generation: string | undefined): Promise<void> {
    await this.ensureIndex(collection);
    const index = this.indexOf(collection);
    for (let start = 0; start < documents.length; start += BULK_BATCH) {
      const indexedAt = Date.now();
      const operations = documents.slice(start, start + BULK_BATCH).flatMap((document) => [
        { index: { _index: index, _id: documentKey(tenantId, document.id), routing: tenantId } },
        {
          tenant_id: tenantId,
          id: document.id,
          generation: generation ?? null,
          indexed_at: indexedAt,
          values: Object.fromEntries(document.fields.map((field) => [field.name, field.values])),
          terms: Object.fromEntries(document.fields.map((field) => [field.name, field.terms])),
        },
      ]);
      await this.bulk(operations, collection);
    }
  }

  private async bulk(operations: unknown[], collection: SearchCollectionSpec): Promise<void> {
    const response = await this.client.bulk({ operations, refresh: this.refresh() });
    if (!response.errors) return;
    const failed = response.items
      .map((item) => Object.values(item)[0])
      .filter((result) => result?.error && !(result.status === 404 && result.result === 'not_found'));
    if (failed.length > 0) {
      const first = failed[0]!.error!;
      throw new Error(`Elasticsearch refused ${failed.length} write(s) to "${this.indexOf(collection)}": ${first.type}: ${first.reason ?? ''}`);
    }
  }

  private async deleteWhere(tenantId: string, collection: SearchCollectionSpec, query: estypes.QueryDslQueryContainer): Promise<void> {
    await this.client.deleteByQuery({ index: this.indexOf(collection), routing: tenantId, query, conflicts: 'proceed', refresh: true });
  }

  private refresh(): 'wait_for' | false {
    return this.settings.refresh === 'wait_for' ? 'wait_for' : false;
  }

  private indexOf(collection: SearchCollectionSpec): string {
    return indexName(this.settings.indexPrefix, collection.name);
  }

  private async exists(collection: SearchCollectionSpec): Promise<boolean> {
    if (this.ready.has(collection.name)) return true;
    return this.client.indices.exists({ index: this.indexOf(collection) });
  }

  /**
   * Creates the index from the declaration on first use (once per process; another replica may win the
   * race), or adds fields declared since it was created (a changed field kind needs a new index: see README).
   */
  private ensureIndex(collection: SearchCollectionSpec): Promise<void> {
    let ready = this.ready.get(collection.name);
    if (!ready) {
      ready = this.createOrUpdate(collection).catch((error: unknown) => {
        this.ready.delete(collection.name);
        throw error;
      });
      this.ready.set(collection.name, ready);
    }
    return ready;
  }

  private async createOrUpdate(collection: SearchCollectionSpec): Promise<void> {
    const index = this.indexOf(collection);
    const mappings = indexMappings(collection);
    if (await this.client.indices.exists({ index })) {
      await this.client.indices.putMapping({ index, properties: mappings.properties });
      return;
    }
    try {
      await this.client.indices.create({ index, settings: INDEX_SETTINGS, mappings });
    } catch (error) {
      const type = error instanceof errors.ResponseError ? (error.body as { error?: { type?: string } } | undefined)?.error?.type : undefined;
      if (type !== 'resource_already_exists_exception') throw error;
    }
  }

  /** Runs `send` after the caller's commit (logging a failure: the change is committed), or now outside a unit of work. */
  private async afterCommit(operation: string, collection: SearchCollectionSpec, count: number, send: () => Promise<void>): Promise<void> {
    const deferred = this.scope.afterCommit(async () => {
      try {
        await send();
      } catch (error) {
        this.logger.error(
          { err: { message: (error as Error).message }, operation, collection: collection.name, documents: count },
          'search: a committed change did not reach Elasticsearch; rebuild the collection to repair the index',
        );
      }
    });
    if (!deferred) await send();
  }
}
