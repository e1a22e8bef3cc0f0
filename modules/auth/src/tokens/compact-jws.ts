import { sign, verify, type KeyObject } from 'node:crypto';

/** The only algorithm we issue and accept: Ed25519 signatures (RFC 8037). */
export const JWS_ALGORITHM = 'EdDSA';
/** RFC 9068 access token type. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

export interface JwsHeader {
  readonly alg: typeof JWS_ALGORITHM;
  readonly typ: typeof ACCESS_TOKEN_TYPE;
  readonly kid: string;
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const SEGMENT = /^[A-Za-z0-9_-]+$/;

/** Signs `payload` as a compact JWS with one Ed25519 key. */
export function signJws(payload: Record<string, unknown>, kid: string, privateKey: KeyObject): string {
  const header: JwsHeader = { alg: JWS_ALGORITHM, typ: ACCESS_TOKEN_TYPE, kid };
  const input = `${encode(header)}.${encode(payload)}`;
  return `${input}.${sign(null, Buffer.from(input), privateKey).toString('base64url')}`;
}

/**
 * Verifies a compact JWS and returns its payload, or `null` when anything is off. Strict by design: the
 * header must name exactly our algorithm and type (no `none`, no HMAC with a public key, no embedded
 * keys), the key comes only from our own key set by `kid`, and the signature is checked before the
 * payload is parsed.
 */
export function verifyJws(token: string, keyOf: (kid: string) => KeyObject | undefined): { header: JwsHeader; payload: Record<string, unknown> } | null {
  if (typeof token !== 'string' || token.length > 8192) return null;
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((part) => SEGMENT.test(part))) return null;
  const [encodedHeader, encodedPayload, signature] = parts as [string, string, string];
  let header: Partial<JwsHeader> & Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(encodedHeader, 'base64url').toString('utf8')) as typeof header;
  } catch {
    return null;
  }
  if (typeof header !== 'object' || header === null || header.alg !== JWS_ALGORITHM || header.typ !== ACCESS_TOKEN_TYPE || typeof header.kid !== 'string') return null;
  if (Object.keys(header).some((name) => !['alg', 'typ', 'kid'].includes(name))) return null;
  const key = keyOf(header.kid);
  if (!key) return null;
  const valid = verify(null, Buffer.from(`${encodedHeader}.${encodedPayload}`), key, Buffer.from(signature, 'base64url'));
  if (!valid) return null;
  try {
    const payload = JSON.parse(Buffer.from(encodedPayload, 'base64url').toString('utf8')) as unknown;
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null;
    return { header: header as JwsHeader, payload: payload as Record<string, unknown> };
  } catch {
    return null;
  }
}

/** The `kid` a token claims, without verifying anything (to decide whether to reload the key set). */
export function kidOf(token: string): string | undefined {
  const encodedHeader = typeof token === 'string' ? token.split('.', 1)[0] : undefined;
  if (!encodedHeader || encodedHeader.length > 512 || !SEGMENT.test(encodedHeader)) return undefined;
  try {
    const header = JSON.parse(Buffer.from(encodedHeader, 'base64url').toString('utf8')) as { kid?: unknown };
    return typeof header.kid === 'string' ? header.kid : undefined;
  } catch {
    return undefined;
  }
}
