/**
 * How a field of a search document is matched.
 * - `text`: words (names, company), case- and accent-insensitive, with prefix and typo tolerance;
 * - `email`: the whole address, its local part and its domain;
 * - `phone`: digits, so `+44 20 7183 8750`, `020 7183 8750` and `71838750` find `+442071838750`;
 * - `keyword`: exact tokens (tags, codes), case-insensitive, no typo tolerance.
 *
 * @example
 * ```ts
 * const kind: SearchFieldKind = 'phone';
 * ```
 */
export type SearchFieldKind = 'text' | 'email' | 'phone' | 'keyword';

/**
 * One field of a collection: how it is matched, and how much a match in it counts (`A` highest).
 *
 * @example
 * ```ts
 * const name: SearchFieldDeclaration = { kind: 'text', weight: 'A' };
 * ```
 */
export interface SearchFieldDeclaration {
  readonly kind: SearchFieldKind;
  /** Default `C`. */
  readonly weight?: 'A' | 'B' | 'C' | 'D';
}

/**
 * A search collection a module declares in its definition (`searchCollections`): a set of documents of
 * one entity type, searched per tenant. Named `<module>` or `<module>.<name>` (kebab-case), with 1-32
 * fields named in camelCase; the registry refuses anything else, and a name another module declares.
 *
 * @example
 * ```ts
 * searchCollections: [{
 *   name: 'contacts',
 *   description: 'Contacts by name, email, phone and company',
 *   fields: { name: { kind: 'text', weight: 'A' }, emails: { kind: 'email', weight: 'B' }, phones: { kind: 'phone', weight: 'B' }, company: { kind: 'text', weight: 'C' } },
 * }]
 * ```
 */
export interface SearchCollectionDeclaration {
  readonly name: string;
  readonly description: string;
  readonly fields: Readonly<Record<string, SearchFieldDeclaration>>;
}

/**
 * A document of a collection: the id of the module's row, and the declared fields' text (a field may
 * hold several values, e.g. every email of a contact). Undeclared fields are refused (400 naming
 * `documents.<i>.fields.<field>`); at most 1,000 documents per call, 50 values per field, 1,000 characters
 * per value.
 *
 * @example
 * ```ts
 * const doc: SearchDocument = { id: contact.id, fields: { name: 'Ada Lovelace', emails: ['ada@example.com'], phones: ['+442071838750'], company: null } };
 * ```
 */
export interface SearchDocument {
  /** A UUID: the id of the row the document stands for. */
  readonly id: string;
  readonly fields: Readonly<Record<string, string | readonly string[] | null | undefined>>;
}

/**
 * A search of one collection in the current tenant.
 *
 * @example
 * ```ts
 * const query: SearchQuery = { text: 'ada lovelce', limit: 20 };
 * ```
 */
export interface SearchQuery {
  /** What the user typed: 1-200 characters; words are ANDed, each may be misspelled or a prefix. */
  readonly text: string;
  /** 1-100, default 20. */
  readonly limit?: number;
  /** `nextCursor` of the previous page of the same query. A cursor of another query is refused (400 on `cursor`). */
  readonly cursor?: string;
}

/**
 * One match: the document id and a relevance score (higher is better; comparable only within one query
 * and one backend).
 *
 * @example
 * ```ts
 * const best: SearchHit | undefined = page.hits[0];
 * ```
 */
export interface SearchHit {
  readonly id: string;
  readonly score: number;
}

/**
 * A page of matches, best first (ties broken by id, so pages never overlap).
 *
 * @example
 * ```ts
 * const ids = page.hits.map((hit) => hit.id);
 * const next = page.nextCursor; // null on the last page
 * ```
 */
export interface SearchPage {
  readonly hits: readonly SearchHit[];
  readonly nextCursor: string | null;
}

/**
 * The platform's search port, bound to the calling module's declared collections and to the current
 * tenant (from the request context: a module never passes a tenant, and cannot read another's documents).
 * The backend is the platform's choice: PostgreSQL full-text search with trigram typo tolerance by
 * default, Elasticsearch for the tenants configured for it; both pass one contract suite.
 *
 * With PostgreSQL, writes are part of the caller's transaction (the index commits with the row); with
 * Elasticsearch they are sent once the caller's transaction commits. Either way, `rebuild` makes the index
 * match the module's rows again. Hits are ids: load the rows through the ORM (row-level security applies)
 * and drop ids that no longer resolve.
 *
 * @example
 * ```ts
 * constructor(@Inject(SEARCH_INDEX) private readonly search: SearchIndex) {}
 *
 * await this.search.upsert('contacts', [{ id: contact.id, fields: { name: 'Ada Lovelace', emails: ['ada@example.com'] } }]);
 * const page = await this.search.search('contacts', { text: 'ada lovelce' });
 * ```
 */
export interface SearchIndex {
  /** Adds or replaces documents of the current tenant (a replaced document keeps none of its old fields). */
  upsert(collection: string, documents: readonly SearchDocument[]): Promise<void>;
  /** Removes documents of the current tenant; unknown ids are ignored. */
  remove(collection: string, ids: readonly string[]): Promise<void>;
  /** The current tenant's matches, best first. */
  search(collection: string, query: SearchQuery): Promise<SearchPage>;
  /**
   * Replaces every document of the collection of the current tenant with those `batches` yield (a
   * reindex, e.g. after moving the tenant to another backend). Documents not yielded are removed.
   */
  rebuild(collection: string, batches: AsyncIterable<readonly SearchDocument[]>): Promise<{ readonly indexed: number }>;
}

/**
 * Injection token of the module's {@link SearchIndex}.
 *
 * @example
 * ```ts
 * constructor(@Inject(SEARCH_INDEX) private readonly search: SearchIndex) {}
 * ```
 */
export const SEARCH_INDEX = Symbol.for('tessera.search-index');
