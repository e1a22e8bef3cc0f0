// Letters NFKD does not decompose, folded the way Elasticsearch's asciifolding does.
const SPECIAL: Readonly<Record<string, string>> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/** Lower case without accents: "Łukasz Müller" → "lukasz muller". Both backends index and query folded text. */
export function fold(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (letter) => SPECIAL[letter] ?? letter);
}

/** Words longer than this are cut (a tsvector lexeme is limited to 2 KB; no name is this long). */
export const MAX_TERM_LENGTH = 100;

/** Removes leading and trailing characters that are neither letters nor digits: `"smith,"` → `smith`. */
export function trimPunctuation(value: string): string {
  return value.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
}

export function cut(term: string): string {
  const chars = Array.from(term);
  return chars.length > MAX_TERM_LENGTH ? chars.slice(0, MAX_TERM_LENGTH).join('') : term;
}
