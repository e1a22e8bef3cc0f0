/**
 * `search_documents` rows of the seeded contacts, fast. The backend's own builder (`documentRow` after
 * `indexDocuments`) runs at ~1,500-2,500 documents/s, three quarters of it in computing and quoting the typo
 * keys of every word again; the seeded names come from a few thousand distinct words, so this composes the
 * same row from the backend's own functions with each word's pieces computed once. `assertSameRows` checks
 * the composition against the real builder on a sample, so the seed cannot drift from the platform.
 */
import { isDeepStrictEqual } from 'node:util';
import type { SearchDocument } from '@tessera/module-sdk';
import { indexDocuments, type IndexedDocument } from '../../libs/search/src/collections/indexed-document';
import { SearchCollectionCatalog, type SearchCollectionSpec } from '../../libs/search/src/collections/search-collection';
import { documentRow, type DocumentRow } from '../../libs/search/src/postgres/document-row';
import { KEYWORD_MARK, quoteLexeme, TYPO_MARK } from '../../libs/search/src/postgres/tsvector-literal';
import { documentTypoDepth, typoKeys } from '../../libs/search/src/text/typo-keys';
import { contactSearchDocument } from '../../modules/contacts/src/search/contact-search-document';
import { CONTACTS_SEARCH_COLLECTION } from '../../modules/contacts/src/search/contacts-search.collection';
import type { SeedContact } from './contacts-million-data';

export const CONTACTS_COLLECTION_SPEC: SearchCollectionSpec = new SearchCollectionCatalog([
  { module: 'contacts', collections: [CONTACTS_SEARCH_COLLECTION] },
]).get(CONTACTS_SEARCH_COLLECTION.name)!;

const BY_WEIGHT = (a: { weight: string }, b: { weight: string }) => a.weight.localeCompare(b.weight);
// As `TsvectorBuilder`: positions stop at 16,383.
const MAX_POSITION = 16_383;

/** What the platform indexes for a contact: `ContactWrites` builds this document and the port validates it. */
export function indexedContact(contact: SeedContact): IndexedDocument {
  const document: SearchDocument = contactSearchDocument(contact);
  return indexDocuments(CONTACTS_COLLECTION_SPEC, [document])[0]!;
}

/** The row `documentRow` would build, with every term's quoted lexeme and typo keys cached. */
export class DocumentRowComposer {
  private readonly quoted = new Map<string, string>();
  private readonly keysOf = new Map<string, readonly string[]>();

  row(document: IndexedDocument): DocumentRow {
    const entries: string[] = [];
    const keys = new Set<string>();
    const typoWords = new Set<string>();
    const digits: string[] = [];
    const fields: Record<string, readonly string[]> = {};
    let position = 0;
    const add = (lexeme: string, weight: string) => {
      position = Math.min(position + 1, MAX_POSITION);
      entries.push(`${this.quote(lexeme)}:${position}${weight}`);
    };
    for (const field of [...document.fields].sort(BY_WEIGHT)) {
      fields[field.name] = field.values;
      for (const term of field.terms) {
        switch (field.kind) {
          case 'text':
            add(term, field.weight);
            typoWords.add(`${field.weight}${term}`);
            for (const key of this.typoKeysOf(term)) keys.add(key);
            break;
          case 'email':
            add(term, field.weight);
            break;
          case 'keyword':
            add(`${KEYWORD_MARK}${term}`, field.weight);
            break;
          case 'phone':
            digits.push(`${field.weight}${term}`);
            break;
        }
      }
    }
    for (const key of keys) entries.push(key);
    return { id: document.id, fields, document: entries.join(' '), typo_words: [...typoWords], digits: digits.join(' ') };
  }

  private quote(lexeme: string): string {
    let quoted = this.quoted.get(lexeme);
    if (quoted === undefined) this.quoted.set(lexeme, (quoted = quoteLexeme(lexeme)));
    return quoted;
  }

  /** The term's typo keys, quoted with their mark, in `typoKeys` order. */
  private typoKeysOf(term: string): readonly string[] {
    let keys = this.keysOf.get(term);
    if (keys === undefined) this.keysOf.set(term, (keys = typoKeys(term, documentTypoDepth(term)).map((key) => quoteLexeme(`${TYPO_MARK}${key}`))));
    return keys;
  }
}

/** Throws unless the composer builds exactly the backend's rows for these contacts. */
export function assertSameRows(composer: DocumentRowComposer, contacts: readonly SeedContact[]): void {
  for (const contact of contacts) {
    const indexed = indexedContact(contact);
    const expected = documentRow(indexed);
    const actual = composer.row(indexed);
    if (!isDeepStrictEqual(actual, expected)) {
      throw new Error(`The seed's search document of contact ${contact.id} differs from the backend's:\n${JSON.stringify(actual)}\n${JSON.stringify(expected)}`);
    }
  }
}
