import { SetMetadata } from '@nestjs/common';

/**
 * Metadata key the platform reads to decide who may call a route (set by the decorators below).
 *
 * @example
 * ```ts
 * const access = reflector.get<RouteAccess>(ROUTE_ACCESS_METADATA, handler);
 * ```
 */
export const ROUTE_ACCESS_METADATA = 'tessera:route-access';

/**
 * How a route is protected. Every route has exactly one, or the platform refuses to boot.
 *
 * @example
 * ```ts
 * const access: RouteAccess = { kind: 'permissions', permissions: ['contacts.read'] };
 * ```
 */
export type RouteAccess =
  | { readonly kind: 'public' }
  | { readonly kind: 'authenticated' }
  | { readonly kind: 'permissions'; readonly permissions: readonly string[] };

/**
 * Marks a route (or a whole controller) as callable without credentials. Use sparingly: login,
 * token refresh, public metadata. The platform refuses to boot if a route has no access marker, so
 * nothing is left open by accident.
 *
 * @example
 * ```ts
 * @Public()
 * @Post('login')
 * login(@Body() body: LoginDto) { ... }
 * ```
 */
export const Public = (): MethodDecorator & ClassDecorator =>
  SetMetadata<string, RouteAccess>(ROUTE_ACCESS_METADATA, { kind: 'public' });

/**
 * Requires an authenticated principal, with no particular permission (e.g. "who am I", logout).
 *
 * @example
 * ```ts
 * @Authenticated()
 * @Get('me')
 * me() { return RequestContext.current()?.principal; }
 * ```
 */
export const Authenticated = (): MethodDecorator & ClassDecorator =>
  SetMetadata<string, RouteAccess>(ROUTE_ACCESS_METADATA, { kind: 'authenticated' });

/**
 * Requires every listed permission. Permissions must be declared by a module definition (or be one of
 * the platform's `platform.*` permissions); an unknown key stops the boot. A tenant permission also
 * requires the principal to act within a tenant.
 *
 * @example
 * ```ts
 * @RequirePermissions('contacts.write')
 * @Post()
 * create(@Body() body: CreateContactDto) { ... }
 * ```
 */
export const RequirePermissions = (...permissions: [string, ...string[]]): MethodDecorator & ClassDecorator =>
  SetMetadata<string, RouteAccess>(ROUTE_ACCESS_METADATA, { kind: 'permissions', permissions });
