import murmurHash3 from 'murmurhash3js-revisited';

/** Buckets of a rollout: 10,000, so percentages have two decimals (12.34 % = buckets 0..1233). */
export const ROLLOUT_BUCKETS = 10_000;

// Our input is always the output of TextEncoder: skip the library's per-byte re-validation.
murmurHash3.inputValidation = false;
const encoder = new TextEncoder();

/**
 * The rollout bucket of one sticky id for one flag: MurmurHash3 (x86, 32-bit, seed 0) of the UTF-8
 * bytes of `<flag key>:<sticky id>`, modulo 10,000. Stable across processes, restarts and languages
 * (any reference MurmurHash3 gives the same bucket), and independent between flags (the key is part of
 * the input, so the same user is not first in every rollout).
 *
 * @example
 * ```ts
 * rolloutBucket('contacts.bulk-merge', tenantId) // 0..9999, always the same for this pair
 * ```
 */
export function rolloutBucket(flagKey: string, stickyId: string): number {
  return murmurHash3.x86.hash32(encoder.encode(`${flagKey}:${stickyId}`), 0) % ROLLOUT_BUCKETS;
}

/** True when `bucket` falls inside a rollout of `percentage` (0-100, two decimals). Raising it only adds buckets. */
export function inRollout(bucket: number, percentage: number): boolean {
  return bucket < Math.round(percentage * 100);
}
