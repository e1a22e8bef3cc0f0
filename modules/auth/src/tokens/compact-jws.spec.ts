import { generateKeyPairSync, sign } from 'node:crypto';
import { kidOf, signJws, verifyJws } from './compact-jws';

describe('compact JWS (Ed25519 only)', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const keyOf = (kid: string) => (kid === 'k1' ? publicKey : undefined);
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it('verifies what it signed and returns the payload', () => {
    const token = signJws({ sub: 'a' }, 'k1', privateKey);
    expect(verifyJws(token, keyOf)?.payload).toEqual({ sub: 'a' });
    expect(kidOf(token)).toBe('k1');
  });

  it('refuses an altered payload, an unknown kid, other algorithms and extra header fields', () => {
    const token = signJws({ sub: 'a' }, 'k1', privateKey);
    const [header, , signature] = token.split('.');
    expect(verifyJws(`${header}.${b64({ sub: 'b' })}.${signature}`, keyOf)).toBeNull();
    expect(verifyJws(signJws({ sub: 'a' }, 'k2', privateKey), keyOf)).toBeNull();
    const none = `${b64({ alg: 'none', typ: 'at+jwt', kid: 'k1' })}.${b64({ sub: 'a' })}.`;
    expect(verifyJws(none, keyOf)).toBeNull();
    const input = `${b64({ alg: 'EdDSA', typ: 'at+jwt', kid: 'k1', jwk: {} })}.${b64({ sub: 'a' })}`;
    expect(verifyJws(`${input}.${sign(null, Buffer.from(input), privateKey).toString('base64url')}`, keyOf)).toBeNull();
  });

  it('refuses malformed input without throwing', () => {
    for (const bad of ['', 'a.b', 'a.b.c.d', '!!.??.**', 'x'.repeat(9000)]) expect(verifyJws(bad, keyOf)).toBeNull();
    expect(kidOf('not-a-token')).toBeUndefined();
  });
});
