import { ValidationError, type SearchQuery } from '@tessera/module-sdk';
import { cut, fold, trimPunctuation } from '../text/fold';
import { MAX_PHONE_DIGITS, MIN_PHONE_DIGITS, nationalDigits } from '../text/field-terms';
import { maxEdits, typoKeys } from '../text/typo-keys';

export const MAX_QUERY_LENGTH = 200;
export const MAX_QUERY_WORDS = 10;
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

/** One word of a query, in the forms each kind of field is matched on. */
export interface QueryWord {
  /** Folded, punctuation trimmed: matched against email parts and keyword tokens. */
  readonly raw: string;
  /** Letters and digits only: matched against text words ('' when the word has none). */
  readonly text: string;
  /** Edits allowed between `text` and a text word (0 for words of 1-2 characters). */
  readonly maxEdits: 0 | 1 | 2;
  /** `text` and its forms with up to `maxEdits` characters deleted (empty when `maxEdits` is 0). */
  readonly typoKeys: readonly string[];
  /** Digits matched as part of a phone number, when the word is a number of 4-15 digits. */
  readonly digits: string | null;
}

export interface ParsedQuery {
  readonly words: readonly QueryWord[];
  /** The whole text as one phone number ("020 7183 8750"), when it is one written in several groups. */
  readonly phone: string | null;
  readonly limit: number;
  readonly cursor: string | undefined;
}

const PHONE_CHARS = /^[+()\d\s./-]+$/u;

function phoneTerm(value: string): string | null {
  if (!PHONE_CHARS.test(value)) return null;
  const digits = nationalDigits(value);
  return digits.length >= MIN_PHONE_DIGITS && digits.length <= MAX_PHONE_DIGITS ? digits : null;
}

function queryWord(chunk: string): QueryWord | null {
  const raw = cut(trimPunctuation(fold(chunk)));
  if (!raw) return null;
  const text = cut((raw.match(/[\p{L}\p{N}]+/gu) ?? []).join(''));
  const edits = text ? maxEdits(text) : 0;
  return { raw, text, maxEdits: edits, typoKeys: edits > 0 ? typoKeys(text, edits) : [], digits: phoneTerm(chunk) };
}

/**
 * Validates a query (400 naming `text`, `limit` or `cursor`) and splits it into words: whitespace
 * separates words, and every word must match (AND).
 */
export function parseQuery(query: SearchQuery): ParsedQuery {
  const problems: Array<{ field: string; message: string }> = [];
  const text = typeof query?.text === 'string' ? query.text.trim() : undefined;
  if (text === undefined) problems.push({ field: 'text', message: 'must be a string.' });
  else if (text.length === 0) problems.push({ field: 'text', message: 'must not be empty.' });
  else if (text.length > MAX_QUERY_LENGTH) problems.push({ field: 'text', message: `must be at most ${MAX_QUERY_LENGTH} characters.` });
  const limit = query?.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) problems.push({ field: 'limit', message: `must be an integer from 1 to ${MAX_LIMIT}.` });
  if (query?.cursor !== undefined && (typeof query.cursor !== 'string' || query.cursor.length === 0 || query.cursor.length > 1_000)) {
    problems.push({ field: 'cursor', message: 'must be the nextCursor of a previous page.' });
  }
  if (problems.length > 0 || text === undefined) throw new ValidationError(problems, 'The search query is invalid.');

  const words = text.split(/\s+/u).map(queryWord).filter((word): word is QueryWord => word !== null);
  if (words.length > MAX_QUERY_WORDS) {
    throw new ValidationError([{ field: 'text', message: `must have at most ${MAX_QUERY_WORDS} words.` }], 'The search query is invalid.');
  }
  const phone = words.length > 1 ? phoneTerm(text) : null;
  if (words.length === 0) {
    throw new ValidationError([{ field: 'text', message: 'must contain a letter or a digit.' }], 'The search query is invalid.');
  }
  return { words, phone, limit, cursor: query.cursor };
}
