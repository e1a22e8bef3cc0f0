import type { Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { ROUTE_ACCESS_METADATA, type RouteAccess } from '@tessera/module-sdk';
import type { RegistryProblem } from './registry-problem';

export interface RouteDescription {
  readonly owner: string;
  readonly controller: string;
  readonly handler: string;
  readonly method: string;
  /** The controller path, e.g. `/demo-catalog/items/:id`. */
  readonly path: string;
  /** The URL path served, with the global prefix where it applies, e.g. `/api/v1/demo-catalog/items/:id`. */
  readonly url: string;
  readonly access: RouteAccess | undefined;
}

function routeHandlers(controller: Type<unknown>): Array<{ name: string; fn: object }> {
  const handlers = new Map<string, object>();
  for (let proto = controller.prototype as object | null; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === 'constructor' || handlers.has(name)) continue;
      const fn = Object.getOwnPropertyDescriptor(proto, name)?.value as object | undefined;
      if (typeof fn === 'function' && Reflect.getMetadata(METHOD_METADATA, fn) !== undefined) handlers.set(name, fn);
    }
  }
  return [...handlers].map(([name, fn]) => ({ name, fn }));
}

/** Every route handler of `controller` with its access marker (handler-level wins over class-level). */
/** The API's global prefix, and the platform paths served without it (probes, metrics). */
export const API_PREFIX = 'api/v1';
export const UNPREFIXED_PATHS: readonly string[] = ['health/live', 'health/ready', 'metrics'];

function urlOf(path: string): string {
  return UNPREFIXED_PATHS.includes(path.replace(/^\//, '')) ? path : `/${API_PREFIX}${path === '/' ? '' : path}`;
}

export function describeRoutes(controller: Type<unknown>, owner: string): RouteDescription[] {
  const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
  const classAccess = Reflect.getMetadata(ROUTE_ACCESS_METADATA, controller) as RouteAccess | undefined;
  return routeHandlers(controller).map(({ name, fn }) => {
    const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, fn) as RequestMethod] ?? 'ALL';
    const path = [base, String(Reflect.getMetadata(PATH_METADATA, fn) ?? '')].filter((p) => p && p !== '/').join('/');
    const normalized = `/${path.replace(/\/+/g, '/').replace(/^\/+/, '')}`;
    return {
      owner,
      controller: controller.name,
      handler: name,
      method,
      path: normalized,
      url: urlOf(normalized),
      access: (Reflect.getMetadata(ROUTE_ACCESS_METADATA, fn) as RouteAccess | undefined) ?? classAccess,
    };
  });
}

/**
 * Every route must say who may call it, and name only permissions that exist. Runs before the platform
 * boots, so an unprotected route never reaches production.
 */
export function checkRouteAccess(routes: readonly RouteDescription[], knownPermissions: ReadonlySet<string>): RegistryProblem[] {
  const problems: RegistryProblem[] = [];
  for (const route of routes) {
    const where = `route ${route.method} ${route.path} (${route.controller}.${route.handler})`;
    if (!route.access) {
      problems.push({
        module: route.owner,
        problem: `${where} has no access marker.`,
        fix: 'decorate it (or its controller) with @RequirePermissions(...), @Authenticated() or @Public() from @tessera/module-sdk.',
      });
      continue;
    }
    if (route.access.kind !== 'permissions') continue;
    for (const permission of route.access.permissions) {
      if (!knownPermissions.has(permission)) {
        problems.push({
          module: route.owner,
          problem: `${where} requires the permission "${permission}", which no loaded module declares.`,
          fix: `declare "${permission}" in the permissions of the module that owns it, or correct the name.`,
        });
      }
    }
  }
  return problems;
}
