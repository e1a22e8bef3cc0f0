import { hkdfSync } from 'node:crypto';
import type { AuthConfig } from '../auth.config';

// Only for development and tests, where no secret is configured; in production the configuration
// resolver refuses to start without AUTH_KEY_ENCRYPTION_SECRET (auth.config.ts: requiredInProduction).
const DEVELOPMENT_SECRET = 'tessera-development-only-signing-key-encryption-secret';

/**
 * A 256-bit key for one purpose (`<name>/v<n>`), derived by HKDF-SHA256 from AUTH_KEY_ENCRYPTION_SECRET: one
 * secret to configure, a separate key per use, so a key of one purpose says nothing about another's.
 */
export function derivedKey(config: Pick<AuthConfig, 'keyEncryptionSecret'>, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', config.keyEncryptionSecret ?? DEVELOPMENT_SECRET, 'tessera-auth', purpose, 32));
}
