import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** The `prev_hash` of the first entry of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields an entry's hash covers: everything but the hash itself. */
export interface HashedFields {
  readonly tenantId: string | null;
  readonly seq: number;
  readonly id: string;
  readonly occurredAt: string;
  readonly actorKind: string;
  readonly actorId: string;
  readonly action: string;
  readonly targetType: string | null;
  readonly targetId: string | null;
  readonly before: unknown;
  readonly after: unknown;
  readonly metadata: unknown;
  readonly requestId: string | null;
}

/**
 * sha256 over the previous hash and the RFC 8785 canonical JSON of the entry, so any change to an entry,
 * or to its position in the chain, changes every hash after it.
 */
export function entryHash(prevHash: string, fields: HashedFields): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalize(fields) ?? '').digest('hex');
}

/** JSON values exactly as they will read back from jsonb (no undefined, no Dates, no class instances). */
export function asStoredJson(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}
