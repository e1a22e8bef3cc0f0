import { createHmac, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { TesseraError, type Authenticator, type CredentialSource, type Principal } from '@tessera/module-sdk';

// Test-only: this file lives under test/ and is never shipped or loadable from configuration.
const SECRET = 'tessera-test-authenticator';

interface TokenClaims {
  readonly id: string;
  readonly tenantId: string | null;
  readonly permissions: readonly string[];
}

/** A signed bearer token the {@link TestAuthenticator} accepts, for kernel tests that run without the auth module. */
export function testToken(claims: TokenClaims): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = createHmac('sha256', SECRET).update(payload).digest('base64url');
  return `test.${payload}.${signature}`;
}

/** Verifies HMAC-signed test tokens; rejects anything else. */
@Injectable()
export class TestAuthenticator implements Authenticator {
  async authenticate(source: CredentialSource): Promise<Principal | null> {
    const header = source.headers['authorization'];
    if (typeof header !== 'string') return null;
    const [scheme, token] = header.split(' ');
    const [kind, payload, signature] = (token ?? '').split('.');
    const expected = createHmac('sha256', SECRET).update(payload ?? '').digest('base64url');
    if (scheme !== 'Bearer' || kind !== 'test' || !signature || signature.length !== expected.length || !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) {
      throw new TesseraError('unauthenticated', 'INVALID_TOKEN', 'The bearer token is not valid.');
    }
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as TokenClaims;
    return { kind: 'user', id: claims.id, tenantId: claims.tenantId, permissions: new Set(claims.permissions) };
  }
}
