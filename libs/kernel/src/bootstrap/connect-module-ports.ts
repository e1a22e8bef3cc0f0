import type { INestApplicationContext } from '@nestjs/common';
import { FlagsRuntime } from '@tessera/flags';
import type { AuthenticatorRef } from '../http/authenticator-ref';
import type { ModuleContexts } from '../registry/module-contexts';
import type { ModuleRegistry } from '../registry/module-registry';

/**
 * Plugs the platform ports that modules implement into the platform, once their providers exist: the
 * authenticator (at most one module) and the plan entitlement source (at most one, a billing module).
 */
export function connectModulePorts(parts: {
  app: INestApplicationContext;
  registry: ModuleRegistry;
  contexts: ModuleContexts;
  authenticatorRef: AuthenticatorRef;
}): void {
  const { app, registry, contexts, authenticatorRef } = parts;
  for (const runtime of registry.all()) {
    const { name, authenticator, planEntitlements } = runtime.definition;
    if (authenticator) authenticatorRef.set(contexts.of(runtime).get(authenticator), name);
    if (planEntitlements) app.get(FlagsRuntime).useEntitlementSource(contexts.of(runtime).get(planEntitlements));
  }
}
