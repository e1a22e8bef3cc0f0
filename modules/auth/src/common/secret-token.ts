import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a credential string carries besides its secret: the ids needed to find it under row-level security. */
export interface TokenParts {
  /** UUIDs (the tenant, then the record), or `null` for "no tenant". */
  readonly ids: readonly (string | null)[];
  readonly secret: string;
}

const NO_TENANT = '00000000-0000-0000-0000-000000000000';
const SECRET_BYTES = 32;

function uuidBytes(id: string | null): Buffer {
  return Buffer.from((id ?? NO_TENANT).replace(/-/g, ''), 'hex');
}

function uuidOf(bytes: Buffer): string | null {
  const hex = bytes.toString('hex');
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return id === NO_TENANT ? null : id;
}

/** Constant-time equality of two secrets (digests, MACs): a length mismatch answers false at once. */
export function sameSecret(presented: Buffer, expected: Buffer): boolean {
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

/**
 * Opaque credentials (refresh tokens, API keys, invitation and reset links): `<prefix>_<ids>_<secret>`,
 * where the ids say where the record lives (its tenant, so it can be read under row-level security) and
 * the 256-bit secret is stored only as a SHA-256 hash. A slow hash is not needed: the secret is random,
 * not a password.
 */
export const SecretToken = {
  issue(prefix: string, ids: readonly (string | null)[]): { token: string; hash: string } {
    const secret = randomBytes(SECRET_BYTES).toString('base64url');
    const idPart = Buffer.concat(ids.map(uuidBytes)).toString('base64url');
    return { token: `${prefix}_${idPart}_${secret}`, hash: SecretToken.hash(secret) };
  },

  parse(prefix: string, count: number, token: string): TokenParts | null {
    if (typeof token !== 'string' || token.length > 512) return null;
    const match = /^([a-z]+)_([A-Za-z0-9_-]+)_([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match || match[1] !== prefix) return null;
    const bytes = Buffer.from(match[2]!, 'base64url');
    if (bytes.length !== count * 16 || bytes.toString('base64url') !== match[2]) return null;
    const ids = Array.from({ length: count }, (_, i) => uuidOf(bytes.subarray(i * 16, (i + 1) * 16)));
    return { ids, secret: match[3]! };
  },

  hash(secret: string): string {
    return createHash('sha256').update(secret).digest('hex');
  },

  /** Constant-time comparison of a presented secret with a stored hash. */
  matches(secret: string, storedHash: string): boolean {
    return sameSecret(Buffer.from(SecretToken.hash(secret), 'hex'), Buffer.from(storedHash, 'hex'));
  },
};
