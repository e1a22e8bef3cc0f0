import { AsyncLocalStorage } from 'node:async_hooks';
import { PostgreSqlKnexDialect } from '@mikro-orm/postgresql';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The tenant a unit of work is about to open its transaction for, until one BEGIN takes it. */
class PendingTenant {
  private open = true;
  private taken = false;

  constructor(readonly tenantId: string) {}

  /** Called by the dialect for a top-level transaction: true once, for the first BEGIN in the scope. */
  take(): boolean {
    if (!this.open) return false;
    this.open = false;
    this.taken = true;
    return true;
  }

  /** Closes the slot (no later BEGIN takes it) and says whether a BEGIN carried the tenant. */
  close(): boolean {
    this.open = false;
    return this.taken;
  }
}

const pending = new AsyncLocalStorage<PendingTenant>();

/**
 * Opens the transaction that `open` starts with `BEGIN; SELECT set_config('app.tenant_id', <tenant>, true)`
 * sent as one query: one round trip to PostgreSQL instead of two on every tenant-scoped unit of work.
 * `open` receives `carried()`, to call once its transaction has begun: true when the BEGIN carried the
 * tenant, false when it could not (then the caller must set it itself; the caller's invariant is what
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
  query(connection: unknown, sql: string): Promise<unknown>;
}

/**
 * MikroORM's PostgreSQL knex dialect whose top-level transactions started inside {@link beginWithTenant}
 * set the tenant in their BEGIN. The tenant is inlined as a literal because a multi-statement query cannot
 * take parameters; it is a UUID (checked here again), so it cannot carry SQL.
 */
export class TenantBeginDialect extends PostgreSqlKnexDialect {
  declare readonly transacting?: boolean;

  transaction(...args: unknown[]): KnexTransaction {
    const trx = (super.transaction as (...a: unknown[]) => KnexTransaction)(...args);
    // A transaction client (this.transacting) opens savepoints, never a BEGIN.
    if (this.transacting || trx.isolationLevel || trx.readOnly) return trx;
    const slot = pending.getStore();
    if (!slot || !UUID.test(slot.tenantId) || !slot.take()) return trx;
    const statement = `BEGIN; SELECT set_config('app.tenant_id', '${slot.tenantId}', true);`;
    trx.begin = (connection) => trx.query(connection, statement);
    return trx;
  }
}
