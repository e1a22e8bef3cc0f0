import { AsyncLocalStorage } from 'node:async_hooks';
import type { MikroORM } from '@mikro-orm/core';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { RequestContext, TesseraError, type RequestContextData } from '@tessera/module-sdk';
import { beginWithTenant } from './deferred-transaction.dialect';
import { UUID } from './uuid';

function scopedContext(tenantId: string | undefined): RequestContextData {
  const current = RequestContext.current();
  if (current?.tenantId && tenantId !== undefined && current.tenantId !== tenantId) {
    // Switching tenant inside a tenant's unit of work is never legitimate.
    throw new TesseraError('internal', 'TENANT_SWITCH_REFUSED', 'Refused to switch tenant inside a tenant-scoped unit of work.');
  }
  return { ...(current ?? { requestId: 'system', source: 'system' }), tenantId };
}

/**
 * Runs units of work in database transactions that carry the tenant on their connection. This is the
 * only way the platform touches tenant data: HTTP requests, jobs and CLI commands all go through it,
 * and the injected `EntityManager` resolves to the transaction's fork inside `fn`.
 */
export class TenantScope {
  /** Work to do once the outermost transaction of the current unit of work has committed. */
  private readonly commitHooks = new AsyncLocalStorage<Array<() => Promise<void>>>();

  constructor(private readonly orm: MikroORM<PostgreSqlDriver>) {}

  /**
   * Runs `hook` once the outermost transaction of the current unit of work commits (never if it rolls
   * back), before the unit of work's caller gets its result: an HTTP response is sent after its hooks.
   * Returns false, running nothing, when called outside any unit of work. A hook that throws makes the
   * caller fail although the transaction committed: hooks handle their own failures.
   *
   * @example
   * ```ts
   * if (!scope.afterCommit(() => publishStaged(rows))) await publishStaged(rows);
   * ```
   */
  afterCommit(hook: () => Promise<void>): boolean {
    const hooks = this.commitHooks.getStore();
    if (!hooks || !this.orm.em.getTransactionContext()) return false;
    hooks.push(hook);
    return true;
  }

  /**
   * Runs `fn` in a transaction with `app.tenant_id` set (transaction-local) to `tenantId` and the
   * request context's tenant set to the same value. Commits when `fn` resolves, rolls back when it throws.
   */
  run<T>(tenantId: string, fn: () => Promise<T>): Promise<T> {
    if (!UUID.test(tenantId)) {
      throw new TesseraError('internal', 'TENANT_ID_INVALID', 'A tenant scope was requested with an id that is not a UUID.');
    }
    const context = scopedContext(tenantId);
    return RequestContext.run(context, () => this.transaction(tenantId, fn));
  }

  /**
   * Runs `fn` in a transaction with no tenant: only platform tables (tenants, users, ...) are visible;
   * every tenant-owned table returns nothing and refuses writes.
   */
  runWithoutTenant<T>(fn: () => Promise<T>): Promise<T> {
    const current = RequestContext.current();
    const context: RequestContextData = { ...(current ?? { requestId: 'system', source: 'system' }), tenantId: undefined };
    return RequestContext.run(context, () => this.transaction('', fn));
  }

  /**
   * A top-level unit of work sets the tenant on its fresh transaction. A nested one runs in a savepoint of
   * the outer transaction, where a transaction-local setting would outlive the savepoint: it sets its own
   * tenant and puts the outer one back when it completes (a rollback to the savepoint restores it anyway).
   */
  private async transaction<T>(tenantId: string, fn: () => Promise<T>): Promise<T> {
    if (this.orm.em.getTransactionContext() !== undefined) return this.savepoint(tenantId, fn);
    const hooks: Array<() => Promise<void>> = [];
    const result = await this.commitHooks.run(hooks, () => this.topLevel(tenantId, fn));
    for (const hook of hooks) await hook();
    return result;
  }

  private topLevel<T>(tenantId: string, fn: () => Promise<T>): Promise<T> {
    if (!tenantId) return this.orm.em.transactional(() => fn());
    // The tenant travels in the BEGIN itself (one round trip); set it here only if the BEGIN could not.
    return beginWithTenant(tenantId, (carried) =>
      this.orm.em.transactional(async (em) => {
        if (!carried()) await em.execute("SELECT set_config('app.tenant_id', ?, true)", [tenantId]);
        return fn();
      }),
    );
  }

  private savepoint<T>(tenantId: string, fn: () => Promise<T>): Promise<T> {
    return this.orm.em.transactional(async (em) => {
      const [outer] = await em.execute<Array<{ previous: string | null }>>("SELECT current_setting('app.tenant_id', true) AS previous");
      await em.execute("SELECT set_config('app.tenant_id', ?, true)", [tenantId]);
      const result = await fn();
      await em.execute("SELECT set_config('app.tenant_id', ?, true)", [outer?.previous ?? '']);
      return result;
    });
  }
}
