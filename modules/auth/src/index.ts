/**
 * @tessera/auth — identity and access. The registry loads `authModule`; other modules use only the
 * permission keys and types below (principals reach them through the SDK's RequestContext).
 */
export { authModule } from './auth.module';
export type { AuthConfig } from './auth.config';
export type { TokenPair } from './sessions/token-pair';
