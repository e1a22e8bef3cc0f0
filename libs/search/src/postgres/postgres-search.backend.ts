import type { MikroORM } from '@mikro-orm/core';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { TenantScope } from '@tessera/persistence';
import type { IndexedDocument } from '../collections/indexed-document';
import type { SearchCollectionSpec } from '../collections/search-collection';
import type { ParsedQuery } from '../query/parsed-query';
import type { CursorPosition } from '../query/search-cursor';
import type { BackendPage, SearchBackend } from '../search-backend';
import { documentRow } from './document-row';
import { searchSql } from './search-sql';

const UPSERT_BATCH = 500;

/**
 * The default backend: the `search_documents` table, under forced row-level security like every tenant
 * table. Reads and writes run in the caller's transaction (the index commits or rolls back with the
 * module's rows); outside a unit of work, in one of their own scoped to the tenant.
 */
export class PostgresSearchBackend implements SearchBackend {
  readonly name = 'postgres' as const;

  constructor(
    private readonly orm: MikroORM<PostgreSqlDriver>,
    private readonly scope: TenantScope,
  ) {}

  async upsert(tenantId: string, collection: SearchCollectionSpec, documents: readonly IndexedDocument[]): Promise<void> {
    if (documents.length === 0) return;
    await this.inTransaction(tenantId, () => this.write(tenantId, collection.name, documents));
  }

  async remove(tenantId: string, collection: SearchCollectionSpec, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.inTransaction(tenantId, () =>
      this.execute('DELETE FROM search_documents WHERE tenant_id = ? AND collection = ? AND id = ANY(?::uuid[])', [tenantId, collection.name, `{${ids.join(',')}}`]), // ids are validated UUIDs
    );
  }

  async search(tenantId: string, collection: SearchCollectionSpec, query: ParsedQuery, after: CursorPosition | null): Promise<BackendPage> {
    const { sql, params } = searchSql(tenantId, collection.name, query, after);
    const rows = (await this.inTransaction(tenantId, () => this.execute(sql, params))) as Array<{ id: string; score: string }>;
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      hits: page.map((row) => ({ id: row.id, score: Number(row.score) })),
      next: rows.length > query.limit && last ? [last.score, last.id] : null,
    };
  }

  async rebuild(tenantId: string, collection: SearchCollectionSpec, batches: AsyncIterable<readonly IndexedDocument[]>): Promise<number> {
    return this.inTransaction(tenantId, async () => {
      const [{ started }] = (await this.execute('SELECT clock_timestamp() AS started', [])) as [{ started: Date }];
      let indexed = 0;
      for await (const batch of batches) {
        await this.write(tenantId, collection.name, batch);
        indexed += batch.length;
      }
      // Every yielded document was written after `started`; so were documents written meanwhile by others.
      await this.execute('DELETE FROM search_documents WHERE tenant_id = ? AND collection = ? AND updated_at < ?', [tenantId, collection.name, started]);
      return indexed;
    });
  }

  /** In the caller's transaction, like every write here: a delete of a few rows, cheap and consistent. */
  async forget(tenantId: string, collection: SearchCollectionSpec, ids: readonly string[] | null): Promise<void> {
    if (ids) return this.remove(tenantId, collection, ids);
    await this.inTransaction(tenantId, () => this.execute('DELETE FROM search_documents WHERE tenant_id = ? AND collection = ?', [tenantId, collection.name]));
  }

  private async write(tenantId: string, collection: string, documents: readonly IndexedDocument[]): Promise<void> {
    for (let start = 0; start < documents.length; start += UPSERT_BATCH) {
      const rows = documents.slice(start, start + UPSERT_BATCH).map(documentRow);
      await this.execute(
        `INSERT INTO search_documents (tenant_id, collection, id, fields, document, typo_words, digits, updated_at)
         SELECT ?, ?, r.id, r.fields, r.document, r.typo_words, r.digits, clock_timestamp()
         FROM jsonb_to_recordset(?::jsonb) AS r(id uuid, fields jsonb, document tsvector, typo_words text[], digits text)
         ON CONFLICT (tenant_id, collection, id) DO UPDATE SET
           fields = EXCLUDED.fields, document = EXCLUDED.document, typo_words = EXCLUDED.typo_words,
           digits = EXCLUDED.digits, updated_at = EXCLUDED.updated_at`,
        [tenantId, collection, JSON.stringify(rows)],
      );
    }
  }

  private execute(sql: string, params: readonly unknown[]): Promise<unknown> {
    const em = this.orm.em;
    return em.getConnection().execute(sql, params as unknown[], 'all', em.getTransactionContext());
  }

  /** Inside a request or job there is a transaction already; otherwise open one scoped to the tenant. */
  private inTransaction<T>(tenantId: string, fn: () => Promise<T>): Promise<T> {
    return this.orm.em.getTransactionContext() ? fn() : this.scope.run(tenantId, fn);
  }
}
