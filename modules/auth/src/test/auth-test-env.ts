/** Settings for auth suites: fast argon2 is not allowed (OWASP minimum), but lockout and limits are tuned. */
export const AUTH_TEST_ENV: Readonly<Record<string, string>> = {
  AUTH_KEY_ENCRYPTION_SECRET: 'test-secret-test-secret-test-secret-0123456789',
  AUTH_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000',
  AUTH_RATE_LIMIT_CREDENTIALS_PER_MINUTE: '100000',
  AUTH_RATE_LIMIT_PRINCIPAL_PER_MINUTE: '100000',
  AUTH_RATE_LIMIT_TENANT_PER_MINUTE: '100000',
};
