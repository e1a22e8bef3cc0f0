import { tenantIsolation, type ModuleMigration } from '@tessera/module-sdk';

/**
 * The PostgreSQL backend's schema, recorded under the name `search`. `pg_trgm` (trigram index of phone
 * digits, for substring matches) is a trusted extension (PostgreSQL 13+): the schema owner may create it in
 * its own database; provisioning creates it too, for servers where the owner may not. The typo check
 * confirms candidates with an optimal string alignment distance (Levenshtein plus adjacent swaps, as
 * Elasticsearch's fuzzy queries count edits).
 */
export const SEARCH_MIGRATIONS: readonly ModuleMigration[] = [
  {
    name: '0001-search-documents',
    up: [
      'CREATE EXTENSION IF NOT EXISTS pg_trgm',
      `CREATE TABLE search_documents (
         tenant_id uuid NOT NULL REFERENCES tenants(id),
         collection text NOT NULL CHECK (collection ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*(\\.[a-z][a-z0-9]*(-[a-z0-9]+)*)?$'),
         id uuid NOT NULL,
         fields jsonb NOT NULL,
         document tsvector NOT NULL,
         typo_words text[] NOT NULL,
         digits text NOT NULL,
         updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
         PRIMARY KEY (tenant_id, collection, id)
       )`,
      ...tenantIsolation('search_documents'),
      // Used only where the LEAKPROOF switch of the README is applied (row-level security hides them otherwise).
      'CREATE INDEX search_documents_document ON search_documents USING gin (document)',
      'CREATE INDEX search_documents_digits ON search_documents USING gin (digits gin_trgm_ops)',
      `CREATE FUNCTION tessera_search_within(a text, b text, k integer) RETURNS boolean
         LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
       DECLARE
         n integer := length(a); m integer := length(b);
         ac text[] := string_to_array(a, NULL); bc text[] := string_to_array(b, NULL);
         prev2 integer[]; prev integer[]; cur integer[];
         i integer; j integer; cost integer; v integer; row_min integer;
       BEGIN
         IF abs(n - m) > k THEN RETURN false; END IF;
         IF a = b THEN RETURN true; END IF;
         prev := array_fill(0, ARRAY[m + 1], ARRAY[0]);
         FOR j IN 0..m LOOP prev[j] := j; END LOOP;
         prev2 := prev;
         FOR i IN 1..n LOOP
           cur := array_fill(0, ARRAY[m + 1], ARRAY[0]);
           cur[0] := i; row_min := i;
           FOR j IN 1..m LOOP
             cost := CASE WHEN ac[i] = bc[j] THEN 0 ELSE 1 END;
             v := least(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
             IF i > 1 AND j > 1 AND ac[i] = bc[j - 1] AND ac[i - 1] = bc[j] THEN v := least(v, prev2[j - 2] + 1); END IF;
             cur[j] := v;
             IF v < row_min THEN row_min := v; END IF;
           END LOOP;
           IF row_min > k THEN RETURN false; END IF;
           prev2 := prev; prev := cur;
         END LOOP;
         RETURN prev[m] <= k;
       END $$`,
      // words are "<weight letter><word>", A first: the first word within k edits has the best weight.
      `CREATE FUNCTION tessera_search_typo_weight(word text, k integer, words text[]) RETURNS numeric
         LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
       DECLARE candidate text;
       BEGIN
         FOREACH candidate IN ARRAY words LOOP
           IF tessera_search_within(word, substr(candidate, 2), k) THEN
             RETURN CASE left(candidate, 1) WHEN 'A' THEN 1 WHEN 'B' THEN 0.4 WHEN 'C' THEN 0.2 ELSE 0.1 END;
           END IF;
         END LOOP;
         RETURN 0;
       END $$`,
    ],
  },
];
