import { randomUUID } from 'node:crypto';
import { sameSecret, SecretToken } from './secret-token';

describe('opaque secret tokens', () => {
  it('round-trips the ids and matches only its own secret', () => {
    const [tenant, record] = [randomUUID(), randomUUID()];
    const { token, hash } = SecretToken.issue('tsk', [tenant, record]);
    const parts = SecretToken.parse('tsk', 2, token)!;
    expect(parts.ids).toEqual([tenant, record]);
    expect(SecretToken.matches(parts.secret, hash)).toBe(true);
    expect(SecretToken.matches(`${parts.secret.slice(0, -1)}A`, hash)).toBe(parts.secret.endsWith('A'));
  });

  it('compares secrets of another length as different, without throwing (timingSafeEqual would)', () => {
    const { hash } = SecretToken.issue('tsk', [randomUUID(), randomUUID()]);
    expect(SecretToken.matches('any secret', hash.slice(0, -2))).toBe(false);
    expect(sameSecret(Buffer.from('abc'), Buffer.from('abcd'))).toBe(false);
    expect(sameSecret(Buffer.from('abcd'), Buffer.from('abcd'))).toBe(true);
    expect(sameSecret(Buffer.from('abcd'), Buffer.from('abce'))).toBe(false);
  });

  it('encodes "no tenant" as null', () => {
    const { token } = SecretToken.issue('tsr', [null, randomUUID()]);
    expect(SecretToken.parse('tsr', 2, token)!.ids[0]).toBeNull();
  });

  it('refuses another prefix, a wrong id count and garbage', () => {
    const { token } = SecretToken.issue('tsk', [randomUUID(), randomUUID()]);
    expect(SecretToken.parse('tsr', 2, token)).toBeNull();
    expect(SecretToken.parse('tsk', 1, token)).toBeNull();
    for (const bad of ['', 'tsk_', 'tsk_abc_def', 'x'.repeat(600)]) expect(SecretToken.parse('tsk', 2, bad)).toBeNull();
  });
});
