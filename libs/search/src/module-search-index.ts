import { RequestContext, TesseraError, type SearchDocument, type SearchIndex, type SearchPage, type SearchQuery } from '@tessera/module-sdk';
import { documentIds, indexDocuments, type IndexedDocument } from './collections/indexed-document';
import type { SearchCollectionCatalog, SearchCollectionSpec } from './collections/search-collection';
import { parseQuery } from './query/parsed-query';
import { decodeCursor, encodeCursor, queryFingerprint } from './query/search-cursor';
import type { SearchBackendRouter } from './search-backend-router';

/**
 * The `SEARCH_INDEX` a module receives: bound to the collections it declares and to the tenant of the
 * request context. It validates everything (collection, documents, query, cursor), then hands the work
 * to the backend the tenant is on.
 */
export class ModuleSearchIndex implements SearchIndex {
  constructor(
    private readonly module: string,
    private readonly catalog: SearchCollectionCatalog,
    private readonly backends: SearchBackendRouter,
  ) {}

  async upsert(collection: string, documents: readonly SearchDocument[]): Promise<void> {
    const spec = this.collection(collection);
    const indexed = indexDocuments(spec, documents);
    const tenantId = this.tenant();
    await this.backends.forTenant(tenantId).upsert(tenantId, spec, indexed);
  }

  /** Removes from the tenant's backend, and from the other one too, so an erasure leaves nothing behind in one the tenant left. */
  async remove(collection: string, ids: readonly string[]): Promise<void> {
    const spec = this.collection(collection);
    const valid = documentIds(ids);
    const tenantId = this.tenant();
    const target = this.backends.forTenant(tenantId);
    await target.remove(tenantId, spec, valid);
    for (const backend of this.backends.all()) if (backend !== target) await backend.forget(tenantId, spec, valid);
  }

  async search(collection: string, query: SearchQuery): Promise<SearchPage> {
    const spec = this.collection(collection);
    const parsed = parseQuery(query);
    const tenantId = this.tenant();
    const backend = this.backends.forTenant(tenantId);
    const fingerprint = queryFingerprint({ tenantId, collection: spec.name, backend: backend.name, query: parsed });
    const after = decodeCursor(parsed.cursor, fingerprint);
    const page = await backend.search(tenantId, spec, parsed, after);
    return { hits: page.hits, nextCursor: page.next ? encodeCursor(fingerprint, page.next) : null };
  }

  /** Rebuilds in the tenant's backend, then empties the collection in the others (the tenant may have moved). */
  async rebuild(collection: string, batches: AsyncIterable<readonly SearchDocument[]>): Promise<{ readonly indexed: number }> {
    const spec = this.collection(collection);
    const tenantId = this.tenant();
    const target = this.backends.forTenant(tenantId);
    const indexed = await target.rebuild(tenantId, spec, validated(spec, batches));
    for (const backend of this.backends.all()) if (backend !== target) await backend.forget(tenantId, spec, null);
    return { indexed };
  }

  private collection(name: string): SearchCollectionSpec {
    const spec = typeof name === 'string' ? this.catalog.get(name) : undefined;
    const own = this.catalog.ofModule(this.module).map((c) => `"${c.name}"`);
    if (!spec) {
      throw new TesseraError(
        'internal',
        'SEARCH_COLLECTION_UNKNOWN',
        `Module "${this.module}" used the search collection "${String(name)}", which no module declares. ` +
          `Fix: declare it in the module's searchCollections (declared: ${own.join(', ') || 'none'}).`,
      );
    }
    if (spec.module !== this.module) {
      throw new TesseraError(
        'internal',
        'SEARCH_COLLECTION_FORBIDDEN',
        `Module "${this.module}" used the search collection "${spec.name}" of module "${spec.module}": a module reads and writes only its own collections. ` +
          `Fix: use one of ${own.join(', ') || 'its own collections (it declares none)'}, or ask "${spec.module}" through its published contract.`,
      );
    }
    return spec;
  }

  private tenant(): string {
    const tenantId = RequestContext.current()?.tenantId;
    if (!tenantId) {
      throw new TesseraError(
        'internal',
        'TENANT_CONTEXT_MISSING',
        `Module "${this.module}" used search without a tenant in context. Fix: call it inside a tenant-scoped request or job, or inside ctx.withTenant(tenantId, fn).`,
      );
    }
    return tenantId;
  }
}

async function* validated(spec: SearchCollectionSpec, batches: AsyncIterable<readonly SearchDocument[]>): AsyncIterable<readonly IndexedDocument[]> {
  let offset = 0;
  for await (const batch of batches) {
    yield indexDocuments(spec, batch, `batches[${offset}]`);
    offset += 1;
  }
}
