import { RequestContext } from '@tessera/module-sdk';

/** Who is reading or writing values, as far as field roles are concerned. */
export interface Caller {
  /** `system`: the platform's own work (jobs without an actor, CLI, hooks): field roles do not apply. */
  readonly kind: 'user' | 'api-key' | 'system' | 'anonymous';
  readonly roles: ReadonlySet<string>;
}

/** The fields' role lists (null = not restricted). */
export interface FieldRoles {
  readonly readRoles: readonly string[] | null;
  readonly writeRoles: readonly string[] | null;
}

const NO_ROLES: ReadonlySet<string> = new Set();

/**
 * The caller of the current unit of work. API keys and platform principals carry no tenant roles, so
 * role-restricted fields are closed to them; an HTTP request without a principal (a public route) is
 * `anonymous`, never `system`.
 */
export function currentCaller(): Caller {
  const context = RequestContext.current();
  const principal = context?.principal;
  if (principal) return { kind: principal.kind, roles: principal.roles ?? NO_ROLES };
  return context?.source === 'http' ? { kind: 'anonymous', roles: NO_ROLES } : { kind: 'system', roles: NO_ROLES };
}

/** Owners hold every role's access: they can change the definitions anyway. */
const unrestricted = (caller: Caller) => caller.kind === 'system' || caller.roles.has('owner');
const holdsOne = (caller: Caller, roles: readonly string[]) => roles.some((role) => caller.roles.has(role));

export function canRead(field: FieldRoles, caller: Caller): boolean {
  return unrestricted(caller) || field.readRoles === null || holdsOne(caller, field.readRoles);
}

export function canWrite(field: FieldRoles, caller: Caller): boolean {
  if (!canRead(field, caller)) return false;
  return unrestricted(caller) || field.writeRoles === null || holdsOne(caller, field.writeRoles);
}
