import type { Authenticator } from '@tessera/module-sdk';

/**
 * Holds the authenticator a module provides (at most one). Filled in once the Nest application is
 * initialised; empty when no module provides authentication, in which case only public routes answer.
 */
export class AuthenticatorRef {
  private authenticator: Authenticator | undefined;
  private provider: string | undefined;

  set(authenticator: Authenticator, module: string): void {
    this.authenticator = authenticator;
    this.provider = module;
  }

  get(): Authenticator | undefined {
    return this.authenticator;
  }

  /** The module that authenticates requests, if any. */
  providedBy(): string | undefined {
    return this.provider;
  }
}
