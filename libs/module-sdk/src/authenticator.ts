import type { Principal } from './principal';

/**
 * The parts of an incoming request an {@link Authenticator} may read.
 *
 * @example
 * ```ts
 * const header = source.headers['authorization'];
 * limiter.check(source.ip);
 * ```
 */
export interface CredentialSource {
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The client address as seen through the configured trusted proxies. */
  readonly ip: string;
}

/**
 * The port that turns request credentials into a {@link Principal}. The auth module implements it;
 * the platform calls it once per request before any guard runs.
 *
 * Return `null` when the request carries no credentials (the route may be public). Throw a
 * `TesseraError` of kind `unauthenticated` when it carries credentials that are not valid: a bad
 * credential is never silently treated as anonymous.
 *
 * @example
 * ```ts
 * @Injectable()
 * export class TokenAuthenticator implements Authenticator {
 *   async authenticate(source: CredentialSource): Promise<Principal | null> {
 *     const header = source.headers['authorization'];
 *     if (!header) return null;
 *     return this.tokens.verify(String(header));
 *   }
 * }
 * ```
 */
export interface Authenticator {
  authenticate(source: CredentialSource): Promise<Principal | null>;
}
