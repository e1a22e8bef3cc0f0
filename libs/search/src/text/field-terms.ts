import { cut, fold, trimPunctuation } from './fold';

/**
 * The terms each kind of field is matched on. Both backends receive these terms (not the raw values),
 * so PostgreSQL and Elasticsearch match the same words.
 */

/** Letter and digit runs of each whitespace-separated chunk, and the runs joined: "O'Brien-Smith" → o, brien, smith, obriensmith. */
export function textTerms(value: string): string[] {
  const terms = new Set<string>();
  for (const chunk of fold(value).split(/\s+/u)) {
    const runs = chunk.match(/[\p{L}\p{N}]+/gu) ?? [];
    for (const run of runs) terms.add(cut(run));
    if (runs.length > 1) terms.add(cut(runs.join('')));
  }
  return [...terms];
}

/** The whole address, its local part and its domain: "Ada@Example.com" → ada@example.com, ada, example.com. */
export function emailTerms(value: string): string[] {
  const address = trimPunctuation(fold(value).replace(/\s+/gu, ''));
  if (!address) return [];
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return [cut(address)];
  return [...new Set([address, trimPunctuation(address.slice(0, at)), trimPunctuation(address.slice(at + 1))].filter(Boolean).map(cut))];
}

/** Longest digit string matched (E.164 numbers have at most 15 digits). */
export const MAX_PHONE_DIGITS = 15;
/** Fewest digits a phone query needs: shorter ones would match almost every number. */
export const MIN_PHONE_DIGITS = 4;

/**
 * The digits of a number without its international or trunk prefix, so national and international forms
 * meet: "+44 20 7183 8750" → 442071838750, "020 7183 8750" → 2071838750, "0044 20 …" → 4420….
 */
export function nationalDigits(value: string): string {
  // "+44 (0)20 …" writes the trunk 0 inside an international number: it is not dialled.
  const digits = value.normalize('NFKC').replace(/\(0\)/g, '').replace(/[^0-9]/g, '');
  return digits.startsWith('00') ? digits.slice(2) : digits.startsWith('0') ? digits.slice(1) : digits;
}

export function phoneDigits(value: string): string {
  return nationalDigits(value).slice(0, MAX_PHONE_DIGITS);
}

export function phoneTerms(value: string): string[] {
  const digits = phoneDigits(value);
  return digits ? [digits] : [];
}

/** Whitespace-separated tokens, folded, matched exactly: "VIP gold" → vip, gold. */
export function keywordTerms(value: string): string[] {
  return [...new Set(fold(value).split(/\s+/u).map(trimPunctuation).filter(Boolean).map(cut))];
}
