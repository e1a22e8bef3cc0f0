/**
 * Typo tolerance follows Elasticsearch's `fuzziness: AUTO`: words of 1-2 characters must match exactly,
 * words of 3-5 may be one edit away, longer words two. An edit is an insertion, a deletion, a substitution
 * or a swap of two adjacent characters.
 */
export function maxEdits(word: string): 0 | 1 | 2 {
  const length = Array.from(word).length;
  return length <= 2 ? 0 : length <= 5 ? 1 : 2;
}

/**
 * The word and every form of it with one character deleted. Two words are at most one edit apart
 * exactly when their key sets meet (symmetric deletion), which PostgreSQL checks with one tsvector match;
 * the candidates are then confirmed by an exact edit distance.
 */
export function typoKeys(word: string): string[] {
  const chars = Array.from(word);
  const keys = new Set<string>([word]);
  if (chars.length >= 3) {
    for (let i = 0; i < chars.length; i += 1) keys.add([...chars.slice(0, i), ...chars.slice(i + 1)].join(''));
  }
  return [...keys];
}
