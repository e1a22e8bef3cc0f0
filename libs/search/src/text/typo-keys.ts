/**
 * Typo tolerance follows Elasticsearch's `fuzziness: AUTO`: words of 1-2 characters must match exactly,
 * words of 3-5 may be one edit away, longer words two. An edit is an insertion, a deletion, a substitution
 * or a swap of two adjacent characters.
 */
export function maxEdits(word: string): 0 | 1 | 2 {
  const length = Array.from(word).length;
  return length <= 2 || length > MAX_TYPO_WORD_LENGTH ? 0 : length <= 5 ? 1 : 2;
}

/**
 * Longer query words must match exactly or by prefix: their deletion keys grow quadratically (an email
 * address typed whole made a 400-term query, 250 ms over 10,000 documents). No name is this long.
 */
export const MAX_TYPO_WORD_LENGTH = 16;

/**
 * The word and every form of it with up to `depth` characters deleted (symmetric deletion): two words
 * within k edits always share a key when both sides delete up to k characters, so one tsvector match
 * finds every candidate, and an exact edit distance confirms it.
 */
export function typoKeys(word: string, depth: number): string[] {
  if (depth < 0) return [];
  let level = new Set<string>([word]);
  const keys = new Set<string>(level);
  for (let round = 0; round < depth; round += 1) {
    const next = new Set<string>();
    for (const key of level) {
      const chars = Array.from(key);
      if (chars.length <= 1) continue;
      for (let i = 0; i < chars.length; i += 1) next.add([...chars.slice(0, i), ...chars.slice(i + 1)].join(''));
    }
    for (const key of next) keys.add(key);
    level = next;
  }
  return [...keys];
}

/**
 * How deep a document word is deleted (-1: no typo keys at all). A query of 6+ characters (two edits) can need two deletions on the
 * document side only when the document word has 6+ characters too; shorter words need one.
 */
export function documentTypoDepth(word: string): number {
  const length = Array.from(word).length;
  // A query word of at most 16 characters is within two edits only of words of at most 18.
  return length > MAX_TYPO_WORD_LENGTH + 2 ? -1 : length >= 6 ? 2 : length >= 3 ? 1 : 0;
}
