import { RequestContext, type EntityManager } from '@tessera/module-sdk';

/**
 * Transaction-scoped advisory locks (released at commit or rollback; nothing to clean up, nothing held in
 * a process). Every unit of work that uses a target's fields holds the target's lock shared (from
 * `forTarget` on), definition changes hold it exclusively: a type change converts every stored value while
 * no write can slip in with the old rules, and no write validates against definitions that just changed.
 */
const key = (...parts: string[]) => parts.join(':');

export async function lockTargetShared(em: EntityManager, target: string): Promise<void> {
  await em.execute('SELECT pg_advisory_xact_lock_shared(hashtextextended(?, 0))', [key('cf-target', RequestContext.requireTenantId(), target)]);
}

export async function lockTargetExclusive(em: EntityManager, target: string): Promise<void> {
  await em.execute('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [key('cf-target', RequestContext.requireTenantId(), target)]);
}

/** Serialises writers of one value of a unique field, so that check-then-write cannot race. */
export async function lockUniqueValue(em: EntityManager, target: string, field: string, json: string): Promise<void> {
  await em.execute('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [key('cf-unique', RequestContext.requireTenantId(), target, field, json)]);
}
