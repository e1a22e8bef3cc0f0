import { SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { ThrottlerOptions } from '@nestjs/throttler';
import { RequestContext, TesseraError } from '@tessera/module-sdk';
import type { Request } from 'express';
import type { AuthConfig } from '../auth.config';

export const MINUTE_MS = 60_000;
const CREDENTIAL_ROUTE = 'tessera:auth:credential-route';

/** Names of the tiers (named throttlers). */
export const TIERS = { anonymous: 'anonymous', principal: 'principal', tenant: 'tenant' } as const;

/** The anonymous tier's key for a client address: shared by anonymous calls and failed authentications. */
export const anonymousKey = (ip: string): string => `${TIERS.anonymous}:ip:${ip}`;

/** 429 `RATE_LIMITED` (the error envelope adds Retry-After from `retryAfterSeconds`). */
export function rateLimited(retryAfterSeconds: number, limit: number, windowMs: number) {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new TesseraError('rate-limited', 'RATE_LIMITED', `Too many requests. Retry in ${seconds} s.`, {
    retryAfterSeconds: seconds,
    limit,
    windowSeconds: Math.round(windowMs / 1000),
  });
}

/**
 * Marks a route that checks a credential (login, refresh, password reset, invitation acceptance): its
 * anonymous limit is the tighter `rateLimitCredentialsPerMinute`, counted per route and client address.
 */
export const CredentialRoute = (): MethodDecorator => SetMetadata(CREDENTIAL_ROUTE, true);

const isCredentialRoute = (context: ExecutionContext): boolean => Reflect.getMetadata(CREDENTIAL_ROUTE, context.getHandler()) === true;
const principalOf = () => RequestContext.current()?.principal;
const apiRequest = (context: ExecutionContext) => (context.switchToHttp().getRequest<Request>().originalUrl ?? '').startsWith('/api/');

/**
 * Three tiers, all per minute: anonymous calls per client address (tighter on credential routes, and
 * before any password is hashed), authenticated calls per principal (user or API key, across routes),
 * and per tenant for all of its principals together. Only `/api/` routes are limited, not probes.
 */
export function rateLimitTiers(config: AuthConfig): ThrottlerOptions[] {
  return [
    {
      name: TIERS.anonymous,
      ttl: MINUTE_MS,
      limit: (context) => (isCredentialRoute(context) ? config.rateLimitCredentialsPerMinute : config.rateLimitAnonymousPerMinute),
      skipIf: (context) => !apiRequest(context) || principalOf() !== undefined,
      getTracker: (request) => (request as Request).ip ?? 'unknown',
      generateKey: (context, tracker, name) => (isCredentialRoute(context) ? `${name}:${context.getClass().name}.${context.getHandler().name}:ip:${tracker}` : anonymousKey(tracker)),
    },
    {
      name: TIERS.principal,
      ttl: MINUTE_MS,
      limit: config.rateLimitPrincipalPerMinute,
      skipIf: (context) => !apiRequest(context) || principalOf() === undefined,
      getTracker: () => `${principalOf()!.kind}:${principalOf()!.id}`,
      generateKey: (_context, tracker, name) => `${name}:${tracker}`,
    },
    {
      name: TIERS.tenant,
      ttl: MINUTE_MS,
      limit: config.rateLimitTenantPerMinute,
      skipIf: (context) => !apiRequest(context) || !principalOf()?.tenantId,
      getTracker: () => `tenant:${principalOf()!.tenantId}`,
      generateKey: (_context, tracker, name) => `${name}:${tracker}`,
    },
  ];
}
