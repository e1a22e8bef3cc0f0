/**
 * tsvector and tsquery values written as literals, so PostgreSQL stores exactly the terms computed in
 * `field-terms.ts` (no parser, no stemming, no stop words): `'ada':1A 'lovelace':2A`.
 */
export function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** Lexeme namespaces inside the one `document` tsvector. Query words never start with these (punctuation is trimmed). */
export const KEYWORD_MARK = '=';
export const TYPO_MARK = '~';

// tsvector positions go up to 16,383; later lexemes keep the last position (their weight still counts).
const MAX_POSITION = 16_383;

export class TsvectorBuilder {
  private readonly entries: string[] = [];
  private position = 0;

  /** A lexeme at the next position, with its weight. */
  add(lexeme: string, weight: 'A' | 'B' | 'C' | 'D'): void {
    this.position = Math.min(this.position + 1, MAX_POSITION);
    this.entries.push(`${quoteLexeme(lexeme)}:${this.position}${weight}`);
  }

  /** A lexeme without position (typo keys: matched, never ranked). */
  addBare(lexeme: string): void {
    this.entries.push(quoteLexeme(lexeme));
  }

  toString(): string {
    return this.entries.join(' ');
  }
}

/** `'a' | 'b'`, each with an optional prefix mark and weight restriction: `'ada':*AB`. */
export function anyOf(lexemes: readonly string[], options: { prefix?: boolean; weights?: string } = {}): string {
  const suffix = `${options.prefix ? '*' : ''}${options.weights ?? ''}`;
  return [...new Set(lexemes)].map((lexeme) => (suffix ? `${quoteLexeme(lexeme)}:${suffix}` : quoteLexeme(lexeme))).join(' | ');
}
