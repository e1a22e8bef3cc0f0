import type { ParsedQuery, QueryWord } from '../query/parsed-query';
import type { CursorPosition } from '../query/search-cursor';
import { anyOf, KEYWORD_MARK, TYPO_MARK } from './tsvector-literal';

/** Score of a match by quality, times the field's weight: exact 1, prefix 0.8, within the typo distance 0.5. */
const PREFIX = 0.8;
const TYPO = 0.5;
const WEIGHTS = [['A', '1'], ['B', '0.4'], ['C', '0.2'], ['D', '0.1']] as const;

class Params {
  readonly values: unknown[] = [];
  add(value: unknown, cast = ''): string {
    this.values.push(value);
    return `?${cast}`;
  }
}

const exactLexemes = (word: QueryWord) => [word.raw, word.text].filter(Boolean);

/** The cheap test that a document matches a word (the WHERE clause): any arm may hold. */
function wordMatch(word: QueryWord, p: Params): string {
  const arms = [`d.document @@ ${p.add(`${anyOf(exactLexemes(word), { prefix: true })} | ${anyOf([KEYWORD_MARK + word.raw])}`, '::tsquery')}`];
  const typo = typoArm(word, p);
  if (typo) arms.push(`(${typo} AND tessera_search_typo_weight(${p.add(word.text)}, ${word.maxEdits}, d.typo_words) > 0)`);
  if (word.digits) arms.push(`d.digits LIKE ${p.add(`%${word.digits}%`)}`);
  return `(${arms.join(' OR ')})`;
}

/** Candidates for a typo: a deletion key shared with a text word of the document (then confirmed by edit distance). */
function typoArm(word: QueryWord, p: Params): string | null {
  if (word.maxEdits === 0) return null;
  return `d.document @@ ${p.add(anyOf(word.typoKeys.map((key) => TYPO_MARK + key)), '::tsquery')}`;
}

function byWeight(weights: ReadonlyArray<(typeof WEIGHTS)[number]>, test: (weight: string) => string, scale = ''): string {
  // Built in order: the parameters are numbered by their position in the SQL text.
  const arms = weights.map(([weight, value]) => `WHEN ${test(weight)} THEN ${scale}${value}`);
  return `CASE ${arms.join(' ')} ELSE 0 END`;
}

/** A word's score: the best of its matches (exact, prefix, typo, phone digits) times the field's weight. */
function wordScore(word: QueryWord, p: Params): string {
  const exact = (weight: string) =>
    `d.document @@ ${p.add(`${anyOf(exactLexemes(word), { weights: weight })} | ${anyOf([KEYWORD_MARK + word.raw], { weights: weight })}`, '::tsquery')}`;
  const prefix = (weight: string) => `d.document @@ ${p.add(anyOf(exactLexemes(word), { prefix: true, weights: weight }), '::tsquery')}`;
  // An exact or prefix match in an A field cannot be beaten: skip the rest (the typo check is the dear part).
  const exactA = exact('A');
  const prefixA = prefix('A');
  const lower = WEIGHTS.slice(1);
  const others = [byWeight(lower, exact), byWeight(lower, prefix, `${PREFIX} * `)];
  const typo = typoArm(word, p);
  if (typo) others.push(`CASE WHEN ${typo} THEN ${TYPO} * tessera_search_typo_weight(${p.add(word.text)}, ${word.maxEdits}, d.typo_words) ELSE 0 END`);
  if (word.digits) others.push(phoneScore(word.digits, p));
  return `CASE WHEN ${exactA} THEN 1 WHEN ${prefixA} THEN ${PREFIX} ELSE GREATEST(${others.join(', ')}) END`;
}

function phoneScore(digits: string, p: Params): string {
  // digits holds "<weight><digits>" entries separated by spaces; the query's digits are digits only.
  return byWeight(WEIGHTS, (weight) => `d.digits ~ ${p.add(`(^| )${weight}[0-9]*${digits}`)}`);
}

/**
 * One page of matches of the current tenant's collection, best first, ties by id. Every word must match
 * (or, for a number written in groups, the whole text as one phone number). The condition on tenant_id and
 * collection is what the primary key serves under row-level security; the text conditions filter those rows.
 */
export function searchSql(tenantId: string, collection: string, query: ParsedQuery, after: CursorPosition | null): { sql: string; params: unknown[] } {
  const p = new Params();
  const scores = query.words.map((word, i) => `${wordScore(word, p)} AS w${i}`);
  if (query.phone) scores.push(`${phoneScore(query.phone, p)} AS phone`);
  const names = query.words.map((_, i) => `s.w${i}`);
  const wordsTotal = names.join(' + ');
  const total = query.phone ? `GREATEST(CASE WHEN ${names.map((n) => `${n} > 0`).join(' AND ')} THEN ${wordsTotal} ELSE 0 END, s.phone)` : wordsTotal;
  const scope = `d.tenant_id = ${p.add(tenantId)} AND d.collection = ${p.add(collection)}`;
  const words = query.words.map((word) => wordMatch(word, p)).join(' AND ');
  const match = query.phone ? `((${words}) OR d.digits LIKE ${p.add(`%${query.phone}%`)})` : `(${words})`;
  const position = after
    ? `WHERE ranked.score < ${p.add(String(after[0]), '::numeric')} OR (ranked.score = ${p.add(String(after[0]), '::numeric')} AND ranked.id > ${p.add(after[1], '::uuid')})`
    : '';
  const sql = `SELECT ranked.id, ranked.score FROM (
      SELECT d.id, round((${total})::numeric, 6) AS score
      FROM search_documents d
      CROSS JOIN LATERAL (SELECT ${scores.join(', ')} OFFSET 0) s
      WHERE ${scope} AND ${match}
    ) ranked
    ${position}
    ORDER BY ranked.score DESC, ranked.id ASC
    LIMIT ${p.add(query.limit + 1)}`;
  return { sql, params: p.values };
}
