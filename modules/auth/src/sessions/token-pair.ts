/** What a successful login or refresh returns. */
export interface TokenPair {
  readonly status: 'authenticated';
  readonly tokenType: 'Bearer';
  readonly accessToken: string;
  /** Seconds until the access token expires. */
  readonly expiresIn: number;
  /** Opaque, single use: every refresh returns a new one. */
  readonly refreshToken: string;
  readonly sessionId: string;
  readonly tenantId: string | null;
  readonly userId: string;
}
