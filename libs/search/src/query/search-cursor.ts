import { createHash } from 'node:crypto';
import { ValidationError } from '@tessera/module-sdk';
import type { ParsedQuery } from './parsed-query';

/** Where the previous page ended, in the backend's own sort values (score, then id). */
export type CursorPosition = readonly [score: number | string, id: string];

interface CursorBody {
  readonly v: 1;
  /** Fingerprint of the query the cursor belongs to. */
  readonly q: string;
  readonly a: CursorPosition;
}

/**
 * What binds a cursor to its query: the tenant, the collection, the backend and the words. A page size
 * change keeps the cursor valid; anything else makes it another query's cursor.
 */
export function queryFingerprint(parts: { tenantId: string; collection: string; backend: string; query: ParsedQuery }): string {
  const { words, phone } = parts.query;
  return createHash('sha256')
    .update(JSON.stringify([parts.tenantId, parts.collection, parts.backend, words.map((word) => word.raw), phone]))
    .digest('base64url')
    .slice(0, 22);
}

export function encodeCursor(fingerprint: string, after: CursorPosition): string {
  const body: CursorBody = { v: 1, q: fingerprint, a: after };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

const refuse = (message: string) => new ValidationError([{ field: 'cursor', message }], 'The search cursor is invalid.');

/** The position a cursor stands for; a 400 on `cursor` when it is malformed or belongs to another query. */
export function decodeCursor(cursor: string | undefined, fingerprint: string): CursorPosition | null {
  if (cursor === undefined) return null;
  let body: Partial<CursorBody>;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorBody>;
  } catch {
    throw refuse('is not a cursor this search returned.');
  }
  const after = body?.a;
  const valid =
    body?.v === 1 &&
    typeof body.q === 'string' &&
    Array.isArray(after) &&
    after.length === 2 &&
    (typeof after[0] === 'number' || typeof after[0] === 'string') &&
    typeof after[1] === 'string';
  if (!valid) throw refuse('is not a cursor this search returned.');
  if (body.q !== fingerprint) throw refuse('belongs to another query: pass the nextCursor of a page of this same query (same text and collection).');
  return after as CursorPosition;
}
