import type { SearchHit } from '@tessera/module-sdk';
import type { IndexedDocument } from './collections/indexed-document';
import type { SearchCollectionSpec } from './collections/search-collection';
import type { ParsedQuery } from './query/parsed-query';
import type { CursorPosition } from './query/search-cursor';

export type SearchBackendName = 'postgres' | 'elasticsearch';

/** One page as a backend returns it: hits best first, and where the last one sorts. */
export interface BackendPage {
  readonly hits: readonly SearchHit[];
  /** Sort values of the last hit, when another page follows. */
  readonly next: CursorPosition | null;
}

/**
 * What a search backend implements. The caller (`ModuleSearchIndex`) has validated the collection, the
 * documents and the query, and passes the tenant from the request context: a backend scopes every
 * read and write to it.
 */
export interface SearchBackend {
  readonly name: SearchBackendName;
  upsert(tenantId: string, collection: SearchCollectionSpec, documents: readonly IndexedDocument[]): Promise<void>;
  remove(tenantId: string, collection: SearchCollectionSpec, ids: readonly string[]): Promise<void>;
  search(tenantId: string, collection: SearchCollectionSpec, query: ParsedQuery, after: CursorPosition | null): Promise<BackendPage>;
  /** Indexes every batch, then removes the tenant's documents of the collection that no batch yielded. */
  rebuild(tenantId: string, collection: SearchCollectionSpec, batches: AsyncIterable<readonly IndexedDocument[]>): Promise<number>;
  /**
   * Removes documents (`ids`, or all of the tenant's collection with `null`) from a backend the tenant is
   * not on (it may have been before a move): best effort, never failing or delaying the caller.
   */
  forget(tenantId: string, collection: SearchCollectionSpec, ids: readonly string[] | null): Promise<void>;
}
