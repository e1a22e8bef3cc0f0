import { Injectable } from '@nestjs/common';
import type { Authenticator, CredentialSource, Principal } from '@tessera/module-sdk';
import { ApiKeysService, API_KEY_PREFIX } from '../api-keys/api-keys.service';
import { invalidToken } from '../common/auth-errors';
import { AccessTokens } from '../tokens/access-tokens.service';
import { Revocations } from '../tokens/revocations.service';

/**
 * The platform's authenticator: `Authorization: Bearer <access token | API key>` or `X-Api-Key: <key>`.
 * The tenant of the request comes only from what it verifies; nothing else in the request can choose it.
 */
@Injectable()
export class AuthAuthenticator implements Authenticator {
  constructor(
    private readonly tokens: AccessTokens,
    private readonly revocations: Revocations,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async authenticate(source: CredentialSource): Promise<Principal | null> {
    const credential = this.credentialOf(source);
    if (credential === null) return null;
    if (credential.startsWith(`${API_KEY_PREFIX}_`)) return this.apiKeys.authenticate(credential);
    const token = await this.tokens.verify(credential);
    if (await this.revocations.isRevoked(token.sessionId, token.userId, token.sessionCreatedAt)) {
      throw invalidToken('SESSION_REVOKED', 'This session has ended; log in again.');
    }
    return AccessTokens.principalOf(token);
  }

  private credentialOf(source: CredentialSource): string | null {
    const authorization = source.headers['authorization'];
    const apiKey = source.headers['x-api-key'];
    if (authorization !== undefined && apiKey !== undefined) {
      throw invalidToken('AMBIGUOUS_CREDENTIALS', 'Send either an Authorization header or an X-Api-Key header, not both.');
    }
    if (typeof apiKey === 'string') return apiKey.trim();
    if (authorization === undefined) return null;
    const match = typeof authorization === 'string' ? /^Bearer ([^\s]+)$/i.exec(authorization.trim()) : null;
    if (!match) throw invalidToken('UNSUPPORTED_AUTHORIZATION', 'Use "Authorization: Bearer <access token or API key>".');
    return match[1]!;
  }
}
