import { Injectable } from '@nestjs/common';
import { TesseraError, type Authenticator, type CredentialSource, type Principal } from '@tessera/module-sdk';
import { ApiKeysService, API_KEY_PREFIX } from '../api-keys/api-keys.service';
import { invalidToken } from '../common/auth-errors';
import { FailedAuthentications } from '../rate-limit/failed-authentications.service';
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
    private readonly failures: FailedAuthentications,
  ) {}

  /**
   * Every credential that fails (401) counts against the anonymous per-address rate limit; an address over
   * it gets 429 before its credentials are even looked at (see FailedAuthentications).
   */
  async authenticate(source: CredentialSource): Promise<Principal | null> {
    const sent = source.headers['authorization'] !== undefined || source.headers['x-api-key'] !== undefined;
    if (!sent) return null;
    this.failures.refuseIfBlocked(source.ip);
    try {
      return await this.verify(source);
    } catch (error) {
      if (error instanceof TesseraError && error.kind === 'unauthenticated') await this.failures.record(source.ip);
      throw error;
    }
  }

  private async verify(source: CredentialSource): Promise<Principal | null> {
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
