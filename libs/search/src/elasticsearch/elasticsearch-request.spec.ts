import { SearchCollectionCatalog } from '../collections/search-collection';
import { parseQuery } from '../query/parsed-query';
import { indexMappings, indexName } from './index-mapping';
import { searchQuery } from './search-query';

// Without a cluster here, these pin the request shapes; the contract suite runs them for real with ELASTICSEARCH_URL.
const catalog = new SearchCollectionCatalog([
  {
    module: 'contacts',
    collections: [
      {
        name: 'contacts',
        description: 'Contacts',
        fields: { name: { kind: 'text', weight: 'A' }, emails: { kind: 'email', weight: 'B' }, phones: { kind: 'phone' }, tags: { kind: 'keyword', weight: 'D' } },
      },
    ],
  },
]);
const contacts = catalog.get('contacts')!;
const tenant = '0190a0a0-0000-7000-8000-000000000001';

describe('Elasticsearch requests', () => {
  it('names indexes by prefix and collection, in lower case', () => {
    expect(indexName('Tessera', 'contacts.archive')).toBe('tessera-contacts.archive');
  });

  it('maps every declared field by kind under a strict, tenant-routed mapping', () => {
    const mapping = indexMappings(contacts);
    expect(mapping).toMatchObject({ dynamic: 'strict', _routing: { required: true } });
    expect(mapping.properties!.terms).toMatchObject({
      properties: {
        name: { type: 'text', analyzer: 'tessera_words' },
        emails: { type: 'keyword', normalizer: 'tessera_folded' },
        phones: { type: 'keyword', fields: { grams: { analyzer: 'tessera_digit_grams', search_analyzer: 'keyword' } } },
        tags: { type: 'keyword', normalizer: 'tessera_folded' },
      },
    });
  });

  it('filters every query by the tenant and requires every word', () => {
    const query = searchQuery(tenant, contacts, parseQuery({ text: 'ada lovelce' }));
    expect(query.bool!.filter).toEqual([{ term: { tenant_id: tenant } }]);
    const words = (query.bool!.must as Array<{ bool: { must: unknown[] } }>)[0]!.bool.must;
    expect(words).toHaveLength(2);
    expect(JSON.stringify(words[1])).toContain('"fuzzy":{"terms.name":{"value":"lovelce","fuzziness":"AUTO"');
  });

  it('scores a match by field weight and quality, as the PostgreSQL backend does', () => {
    const query = searchQuery(tenant, contacts, parseQuery({ text: 'vip' }));
    const alternatives = (query.bool!.must as Array<{ bool: { must: Array<{ dis_max: { queries: Array<{ constant_score: { boost: number } }> } }> } }>)[0]!
      .bool.must[0]!.dis_max.queries.map((q) => q.constant_score.boost);
    // name exact, prefix, typo (A); emails exact, prefix (B); tags exact (D)
    expect(alternatives).toEqual([1, 0.8, 0.5, 0.4, 0.4 * 0.8, 0.1]);
  });

  it('adds the whole text as one phone number when it is written in groups', () => {
    const query = searchQuery(tenant, contacts, parseQuery({ text: '020 7183 8750' }));
    expect(JSON.stringify(query)).toContain('{"term":{"terms.phones.grams":"2071838750"}}');
  });
});
