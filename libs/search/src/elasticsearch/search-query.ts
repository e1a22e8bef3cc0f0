import type { estypes } from '@elastic/elasticsearch';
import { WEIGHT_VALUES, type SearchCollectionSpec } from '../collections/search-collection';
import type { ParsedQuery, QueryWord } from '../query/parsed-query';

// The same scores as the PostgreSQL backend: exact 1, prefix 0.8, typo 0.5, times the field's weight;
// constant scores (no BM25), the best match per word (dis_max), summed over the words (bool must).
const PREFIX = 0.8;
const TYPO = 0.5;

const scored = (filter: estypes.QueryDslQueryContainer, boost: number): estypes.QueryDslQueryContainer => ({ constant_score: { filter, boost } });

function wordAlternatives(collection: SearchCollectionSpec, word: QueryWord): estypes.QueryDslQueryContainer[] {
  const alternatives: estypes.QueryDslQueryContainer[] = [];
  const exact = [...new Set([word.raw, word.text].filter(Boolean))];
  for (const field of collection.fields.values()) {
    const path = `terms.${field.name}`;
    const weight = WEIGHT_VALUES[field.weight];
    switch (field.kind) {
      case 'text':
        if (!word.text) break;
        alternatives.push(scored({ term: { [path]: word.text } }, weight), scored({ prefix: { [path]: word.text } }, weight * PREFIX));
        if (word.maxEdits > 0) {
          alternatives.push(
            scored({ fuzzy: { [path]: { value: word.text, fuzziness: 'AUTO', transpositions: true, prefix_length: 0, max_expansions: 100 } } }, weight * TYPO),
          );
        }
        break;
      case 'email':
        alternatives.push(
          scored({ terms: { [path]: exact } }, weight),
          scored({ bool: { should: exact.map((value) => ({ prefix: { [path]: value } })), minimum_should_match: 1 } }, weight * PREFIX),
        );
        break;
      case 'keyword':
        alternatives.push(scored({ term: { [path]: word.raw } }, weight));
        break;
      case 'phone':
        if (word.digits) alternatives.push(scored({ term: { [`${path}.grams`]: word.digits } }, weight));
        break;
    }
  }
  return alternatives;
}

function phoneQuery(collection: SearchCollectionSpec, digits: string): estypes.QueryDslQueryContainer {
  const phones = [...collection.fields.values()].filter((field) => field.kind === 'phone');
  return anyOf(phones.map((field) => scored({ term: { [`terms.${field.name}.grams`]: digits } }, WEIGHT_VALUES[field.weight])));
}

/** The best of the alternatives; none (a word no field of the collection can match) matches nothing. */
function anyOf(queries: estypes.QueryDslQueryContainer[]): estypes.QueryDslQueryContainer {
  return queries.length > 0 ? { dis_max: { queries, tie_breaker: 0 } } : { match_none: {} };
}

/** The tenant's matches: a term filter on the tenant (the index is shared), every word required. */
export function searchQuery(tenantId: string, collection: SearchCollectionSpec, query: ParsedQuery): estypes.QueryDslQueryContainer {
  const words: estypes.QueryDslQueryContainer = {
    bool: { must: query.words.map((word) => anyOf(wordAlternatives(collection, word))) },
  };
  const matching = query.phone ? anyOf([words, phoneQuery(collection, query.phone)]) : words;
  return { bool: { filter: [{ term: { tenant_id: tenantId } }], must: [matching] } };
}
