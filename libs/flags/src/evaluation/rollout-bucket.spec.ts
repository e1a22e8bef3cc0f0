import { randomUUID } from 'node:crypto';
import { inRollout, rolloutBucket, ROLLOUT_BUCKETS } from './rollout-bucket';

describe('rollout buckets', () => {
  const keys = Array.from({ length: 10_000 }, (_, i) => `user-${i}-${randomUUID()}`);

  it('puts the same key in the same bucket every time', () => {
    for (const key of keys.slice(0, 500)) expect(rolloutBucket('crm.new-editor', key)).toBe(rolloutBucket('crm.new-editor', key));
  });

  it('matches reference MurmurHash3 x86_32 (seed 0) values, so buckets are reproducible in any language', () => {
    expect(rolloutBucket('a', 'b')).toBe(murmurReference('a:b') % ROLLOUT_BUCKETS);
    expect(rolloutBucket('contacts.bulk-merge', 'tenant-ü-中')).toBe(murmurReference('contacts.bulk-merge:tenant-ü-中') % ROLLOUT_BUCKETS);
  });

  it.each([0, 10, 25, 50, 90, 100])('turns on roughly %i%% of 10,000 keys', (percentage) => {
    const on = keys.filter((key) => inRollout(rolloutBucket('crm.new-editor', key), percentage)).length;
    expect(Math.abs(on / keys.length - percentage / 100)).toBeLessThan(0.02);
  });

  it('only adds keys when the percentage grows (nobody flips back off)', () => {
    const at20 = new Set(keys.filter((key) => inRollout(rolloutBucket('crm.new-editor', key), 20)));
    const at30 = new Set(keys.filter((key) => inRollout(rolloutBucket('crm.new-editor', key), 30)));
    expect([...at20].every((key) => at30.has(key))).toBe(true);
    expect(at30.size).toBeGreaterThan(at20.size);
  });

  it('buckets the same key independently for different flags', () => {
    const a = keys.filter((key) => inRollout(rolloutBucket('crm.a', key), 50));
    const both = a.filter((key) => inRollout(rolloutBucket('crm.b', key), 50)).length;
    // Independent 50 % rollouts overlap on about a quarter of keys, not on half.
    expect(Math.abs(both / keys.length - 0.25)).toBeLessThan(0.02);
  });

  it('accepts two-decimal percentages', () => {
    expect(inRollout(1233, 12.34)).toBe(true);
    expect(inRollout(1234, 12.34)).toBe(false);
    expect(inRollout(0, 0)).toBe(false);
    expect(inRollout(ROLLOUT_BUCKETS - 1, 100)).toBe(true);
  });
});

/** A plain, independent MurmurHash3 x86_32 over UTF-8 bytes (the algorithm's reference definition). */
function murmurReference(text: string): number {
  const bytes = Buffer.from(text, 'utf8');
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let h = 0;
  const blocks = bytes.length - (bytes.length % 4);
  for (let i = 0; i < blocks; i += 4) {
    let k = bytes.readUInt32LE(i);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = bytes.length & 3;
  let k = 0;
  if (tail >= 3) k ^= bytes[blocks + 2]! << 16;
  if (tail >= 2) k ^= bytes[blocks + 1]! << 8;
  if (tail >= 1) {
    k ^= bytes[blocks]!;
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
  }
  h ^= bytes.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
