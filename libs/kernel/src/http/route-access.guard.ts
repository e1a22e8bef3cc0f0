import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { RequestContext, ROUTE_ACCESS_METADATA, TesseraError, type Principal, type RouteAccess } from '@tessera/module-sdk';
import { isPlatformPermission } from '../platform-permissions';
import { AuthenticatorRef } from './authenticator-ref';

/**
 * Decides who may call a route, before anything else runs: public routes pass; every other route needs
 * a principal from the loaded authenticator, and permission routes need every listed permission (tenant
 * permissions also need the principal to act within a tenant). The tenant of the request is set here,
 * from the verified principal only.
 */
@Injectable()
export class RouteAccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticatorRef: AuthenticatorRef,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.reflector.getAllAndOverride<RouteAccess | undefined>(ROUTE_ACCESS_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]);
    // The boot check guarantees a marker; refuse rather than guess if one is missing anyway.
    if (!access) throw new TesseraError('forbidden', 'ROUTE_NOT_ACCESSIBLE', 'This route declares no access policy.');
    if (access.kind === 'public') return true;

    const principal = await this.authenticate(context.switchToHttp().getRequest<Request>());
    const requestContext = RequestContext.current();
    if (requestContext) {
      requestContext.principal = principal;
      requestContext.tenantId = principal.tenantId ?? undefined;
    }
    if (access.kind === 'authenticated') return true;

    const missing = access.permissions.filter((permission) => !principal.permissions.has(permission));
    if (missing.length > 0) {
      throw new TesseraError('forbidden', 'PERMISSION_DENIED', `This route requires the permission${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`, {
        missing,
      });
    }
    if (!principal.tenantId && access.permissions.some((permission) => !isPlatformPermission(permission))) {
      throw new TesseraError('forbidden', 'TENANT_REQUIRED', 'This route acts within a tenant; authenticate as a member of a tenant.');
    }
    return true;
  }

  private async authenticate(request: Request): Promise<Principal> {
    const authenticator = this.authenticatorRef.get();
    const principal = authenticator ? await authenticator.authenticate({ headers: request.headers, ip: request.ip ?? '' }) : null;
    if (!principal) {
      throw new TesseraError(
        'unauthenticated',
        'AUTHENTICATION_REQUIRED',
        'This route requires authentication: send "Authorization: Bearer <access token>" or an API key.',
      );
    }
    return principal;
  }
}
