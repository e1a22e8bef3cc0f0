import { RequestContext } from '@tessera/module-sdk';

/**
 * Runs `fn` as the platform's own work of the current job: the request context without its principal, so
 * the custom-fields contract applies no field roles (its rule for jobs without an actor).
 *
 * Why an export job needs it: a job's actor is restored without roles, so the contract would show it only
 * unrestricted fields, and an export requested by an owner would silently lose the role-restricted fields
 * the owner may read. The requester's readable fields are decided at request time instead (the export's
 * `columns`, validated with the requester's roles, as is the filter); the job uses this view only to find
 * the definitions of those fields and to compile the already validated filter, never to add columns.
 */
export function asPlatform<T>(fn: () => Promise<T>): Promise<T> {
  const current = RequestContext.current();
  if (!current) return fn();
  return RequestContext.run({ ...current, principal: undefined }, fn);
}
