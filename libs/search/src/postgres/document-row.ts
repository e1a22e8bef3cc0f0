import type { IndexedDocument } from '../collections/indexed-document';
import { documentTypoDepth, typoKeys } from '../text/typo-keys';
import { KEYWORD_MARK, TsvectorBuilder, TYPO_MARK } from './tsvector-literal';

/** One row of `search_documents` as it is inserted (through `jsonb_to_recordset`). */
export interface DocumentRow {
  readonly id: string;
  readonly fields: Record<string, readonly string[]>;
  readonly document: string;
  readonly typo_words: string[];
  readonly digits: string;
}

const BY_WEIGHT = (a: { weight: string }, b: { weight: string }) => a.weight.localeCompare(b.weight);

/**
 * The row of a document: text words and email parts as plain lexemes with their field's weight, keyword
 * tokens as `=token`, typo keys of text words as `~key`; text words again (weight first) for the edit
 * distance check; phone digits as `<weight><digits>` (matched by substring, trigram-indexed).
 */
export function documentRow(document: IndexedDocument): DocumentRow {
  const vector = new TsvectorBuilder();
  const keys = new Set<string>();
  const typoWords = new Set<string>();
  const digits: string[] = [];
  const fields: Record<string, readonly string[]> = {};
  for (const field of [...document.fields].sort(BY_WEIGHT)) {
    fields[field.name] = field.values;
    for (const term of field.terms) {
      switch (field.kind) {
        case 'text':
          vector.add(term, field.weight);
          typoWords.add(`${field.weight}${term}`);
          for (const key of typoKeys(term, documentTypoDepth(term))) keys.add(key);
          break;
        case 'email':
          vector.add(term, field.weight);
          break;
        case 'keyword':
          vector.add(`${KEYWORD_MARK}${term}`, field.weight);
          break;
        case 'phone':
          digits.push(`${field.weight}${term}`);
          break;
      }
    }
  }
  for (const key of keys) vector.addBare(`${TYPO_MARK}${key}`);
  return {
    id: document.id,
    fields,
    document: vector.toString(),
    typo_words: [...typoWords],
    digits: digits.join(' '),
  };
}
