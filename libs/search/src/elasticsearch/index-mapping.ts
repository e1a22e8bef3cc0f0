import type { estypes } from '@elastic/elasticsearch';
import type { SearchCollectionSpec, SearchFieldSpec } from '../collections/search-collection';
import { MAX_PHONE_DIGITS, MIN_PHONE_DIGITS } from '../text/field-terms';

/** One index per collection, shared by the tenants on Elasticsearch: `<prefix>-<collection>`, lower case. */
export function indexName(prefix: string, collection: string): string {
  return `${prefix}-${collection}`.toLowerCase();
}

/** Document `_id`: tenants share an index, so the id alone could collide across tenants. */
export function documentKey(tenantId: string, id: string): string {
  return `${tenantId}:${id}`;
}

/**
 * Analysis: the platform sends folded terms (see `field-terms.ts`), and the analyzers fold again so a
 * document indexed by hand behaves the same. Phone digits are indexed as 4-15 digit n-grams, so a term
 * query finds any part of a number.
 */
export const INDEX_SETTINGS: estypes.IndicesIndexSettings = {
  max_ngram_diff: MAX_PHONE_DIGITS - MIN_PHONE_DIGITS,
  analysis: {
    analyzer: {
      tessera_words: { type: 'custom', tokenizer: 'whitespace', filter: ['lowercase', 'asciifolding'] },
      tessera_digit_grams: { type: 'custom', tokenizer: 'tessera_digit_grams' },
    },
    tokenizer: {
      tessera_digit_grams: { type: 'ngram', min_gram: MIN_PHONE_DIGITS, max_gram: MAX_PHONE_DIGITS, token_chars: ['digit'] },
    },
    normalizer: { tessera_folded: { type: 'custom', filter: ['lowercase', 'asciifolding'] } },
  },
};

function fieldMapping(field: SearchFieldSpec): estypes.MappingProperty {
  switch (field.kind) {
    case 'text':
      return { type: 'text', analyzer: 'tessera_words', norms: false, index_options: 'docs', index_prefixes: { min_chars: 1, max_chars: 10 } };
    case 'email':
    case 'keyword':
      return { type: 'keyword', normalizer: 'tessera_folded' };
    case 'phone':
      return { type: 'keyword', fields: { grams: { type: 'text', analyzer: 'tessera_digit_grams', search_analyzer: 'keyword', norms: false, index_options: 'docs' } } };
  }
}

/** The mapping generated from the collection's declaration: strict, routed by tenant. */
export function indexMappings(collection: SearchCollectionSpec): estypes.MappingTypeMapping {
  return {
    dynamic: 'strict',
    _routing: { required: true },
    properties: {
      tenant_id: { type: 'keyword' },
      id: { type: 'keyword' },
      generation: { type: 'keyword' },
      indexed_at: { type: 'date', format: 'epoch_millis' },
      values: { type: 'object', enabled: false },
      terms: { properties: Object.fromEntries([...collection.fields.values()].map((field) => [field.name, fieldMapping(field)])) },
    },
  };
}
