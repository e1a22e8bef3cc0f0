import { AsyncLocalStorage } from 'node:async_hooks';
import { PostgreSqlKnexDialect } from '@mikro-orm/postgresql';
import { DeferredConnection, type ConnectionPool } from './deferred-connection';
import { UUID } from './uuid';

/** The tenant a unit of work is about to open its transaction for, until one BEGIN takes it. */
class PendingTenant {
  private state: 'open' | 'taken' | 'closed' = 'open';

  constructor(readonly tenantId: string) {}

  /** Called by the dialect for a top-level transaction: true once, for the first BEGIN in the scope. */
  take(): boolean {
    if (this.state !== 'open') return false;
    this.state = 'taken';
    return true;
  }

  /** Closes the slot (no later BEGIN takes it) and says whether a BEGIN carried the tenant. */
  close(): boolean {
    if (this.state === 'open') this.state = 'closed';
    return this.state === 'taken';
  }
}

const pending = new AsyncLocalStorage<PendingTenant>();

/**
 * Opens the transaction that `open` starts with `BEGIN; SELECT set_config('app.tenant_id', <tenant>, true)`
 * sent as one query: one round trip to PostgreSQL instead of two on every tenant-scoped unit of work.
 * `open` receives `carried()`, to call once its transaction has begun: true when the BEGIN carries the
 * tenant, false when it cannot (then the caller must set it itself; the caller's invariant is what
 * counts, this is only an optimisation of it). Only the first top-level BEGIN inside `open` can take the
 * tenant: savepoints and any later transaction are plain.
 */
export function beginWithTenant<T>(tenantId: string, open: (carried: () => boolean) => Promise<T>): Promise<T> {
  const slot = new PendingTenant(tenantId);
  return pending.run(slot, () => open(() => slot.close()));
}

interface KnexTransaction {
  readonly isolationLevel?: string;
  readonly readOnly?: boolean;
  begin(connection: unknown): Promise<unknown>;
  then(onResolve: () => void, onReject: () => void): unknown;
}

/**
 * MikroORM's PostgreSQL knex dialect, with two changes to top-level transactions (no isolation level, not
 * read-only: the only kind the platform opens):
 * - **deferred**: the transaction takes a pool connection and sends BEGIN only when it runs its first
 *   statement (`DeferredConnection`), so a unit of work that never queries (most public routes, a request
 *   refused before its handler touches data) costs no round trip and holds no connection;
 * - **tenant in the BEGIN**: inside {@link beginWithTenant}, that BEGIN also sets `app.tenant_id`
 *   (transaction-local), in the same query. The tenant is inlined as a literal because a multi-statement
 *   query cannot take parameters; it is a UUID (checked here again), so it cannot carry SQL.
 * Either way every statement of the transaction runs on one connection after its BEGIN (and set_config):
 * row-level security sees the tenant from the first statement on. Savepoints are knex's own.
 */
export class DeferredTransactionDialect extends PostgreSqlKnexDialect {
  declare readonly transacting?: boolean;

  transaction(container: unknown, config: Record<string, unknown> | undefined, outerTx: unknown): KnexTransaction {
    const plain = !this.transacting && !config?.['isolationLevel'] && !config?.['readOnly'] && !config?.['connection'];
    if (!plain) return (super.transaction as (...a: unknown[]) => KnexTransaction)(container, config, outerTx);
    const slot = pending.getStore();
    const tenant = slot && UUID.test(slot.tenantId) && slot.take() ? slot.tenantId : undefined;
    const begin = tenant ? `BEGIN; SELECT set_config('app.tenant_id', '${tenant}', true);` : 'BEGIN;';
    const connection = new DeferredConnection(this as unknown as ConnectionPool, begin);
    const trx = (super.transaction as (...a: unknown[]) => KnexTransaction)(container, { ...config, connection }, outerTx);
    // BEGIN goes out with the first statement (DeferredConnection), not now.
    trx.begin = () => Promise.resolve();
    // The connection goes back to the pool with COMMIT or ROLLBACK; this covers any other ending.
    trx.then(
      () => connection.release(),
      () => connection.release(),
    );
    return trx;
  }
}
