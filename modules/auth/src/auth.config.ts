import { z } from 'zod';

const seconds = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/**
 * The auth module's settings (environment prefix `AUTH_`). Defaults follow OWASP's cheat sheets and
 * what Keycloak ships; the README explains each policy.
 */
export const authConfigSchema = z.object({
  keyEncryptionSecret: z
    .string()
    .optional()
    // An empty value (`AUTH_KEY_ENCRYPTION_SECRET=` as in .env.example) means unset, not a short secret.
    .transform((value) => (value === '' ? undefined : value))
    .pipe(z.string().min(32, 'must be at least 32 characters (use `openssl rand -base64 48`)').optional())
    .describe('Secret that encrypts the token signing keys stored in the database and keys the login device tokens. Required in production; every replica needs the same one.')
    // The configuration resolver enforces this when NODE_ENV is production, with every other problem.
    .meta({ requiredInProduction: true }),
  issuer: z.string().min(1).max(200).default('tessera').describe('The "iss" of access tokens.'),
  accessTokenTtlSeconds: seconds(60, 3600, 300).describe('Lifetime of an access token (JWT).'),
  refreshTokenIdleSeconds: seconds(300, 90 * 86400, 14 * 86400).describe('A session whose refresh token is not used for this long ends.'),
  sessionMaxAgeSeconds: seconds(3600, 365 * 86400, 30 * 86400).describe('Absolute lifetime of a session (token family), however often it is refreshed.'),
  keyRefreshSeconds: seconds(1, 3600, 30).describe('How often each replica reloads the signing keys from the database.'),
  argon2MemoryKib: z.coerce.number().int().min(19456).max(1048576).default(19456).describe('argon2id memory cost in KiB (OWASP minimum 19456).'),
  argon2TimeCost: z.coerce.number().int().min(2).max(20).default(2).describe('argon2id iterations (OWASP minimum 2 with 19 MiB).'),
  argon2Parallelism: z.coerce.number().int().min(1).max(16).default(1).describe('argon2id lanes.'),
  lockoutFreeAttempts: z.coerce.number().int().min(1).max(100).default(5).describe('Failed logins per account and client address before delays start.'),
  lockoutMaxDelaySeconds: seconds(1, 86400, 900).describe('Upper bound of the doubling delay per account and client address.'),
  lockoutAccountMaxFailures: z.coerce.number().int().min(5).max(100000).default(100).describe('Failed logins per account from all addresses within the window before the account is locked for clients without a device token.'),
  lockoutAccountWindowSeconds: seconds(60, 86400, 900).describe('Window of the per-account failure cap, and how long the resulting lock lasts.'),
  lockoutDeviceTokenTtlDays: z.coerce.number().int().min(1).max(400).default(90).describe('How long a device token (returned by a successful login) lets its client past the per-account lock.'),
  rateLimitAnonymousPerMinute: z.coerce.number().int().min(1).max(1000000).default(120).describe('Requests per minute per client address without credentials.'),
  rateLimitCredentialsPerMinute: z.coerce.number().int().min(1).max(1000000).default(10).describe('Login, password reset and invitation attempts per minute per client address.'),
  rateLimitPrincipalPerMinute: z.coerce.number().int().min(1).max(1000000).default(600).describe('Requests per minute per user or API key.'),
  rateLimitTenantPerMinute: z.coerce.number().int().min(1).max(10000000).default(3000).describe('Requests per minute per tenant, all principals together.'),
  invitationTtlHours: z.coerce.number().int().min(1).max(720).default(72).describe('Lifetime of an invitation link.'),
  passwordResetTtlMinutes: z.coerce.number().int().min(5).max(1440).default(30).describe('Lifetime of a password reset link.'),
  publicUrl: z.string().url().default('http://localhost:3000').describe('Base URL of the web client, for links in emails.'),
});

export type AuthConfig = z.infer<typeof authConfigSchema>;
