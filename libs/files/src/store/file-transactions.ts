import { type MikroORM, TransactionContext } from '@mikro-orm/core';
import type { Knex, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { RequestContext } from '@tessera/module-sdk';
import type { TenantScope } from '@tessera/persistence';

/** Runs one statement with `?` placeholders and returns its rows. */
export type Sql = <T = Record<string, unknown>>(text: string, params?: readonly unknown[]) => Promise<T[]>;

/**
 * Where the file store's statements run. Inside a unit of work they run in its transaction (a request's
 * files commit or roll back with it, and a read there uses the request's connection instead of taking a
 * second one from the pool); outside one, each call gets a short transaction of its own for the tenant.
 *
 * Statements go through knex with real bind parameters: MikroORM's `execute` inlines parameters into the
 * SQL text, which for a 256 KiB chunk means half a megabyte of hex per statement.
 */
export class FileTransactions {
  constructor(
    private readonly orm: MikroORM<PostgreSqlDriver>,
    private readonly scope: TenantScope,
  ) {}

  /** Single-statement work: the caller's transaction if it is the tenant's, otherwise one of its own. */
  query<T>(tenantId: string, fn: (sql: Sql) => Promise<T>): Promise<T> {
    const trx = this.live();
    if (trx && RequestContext.current()?.tenantId === tenantId) return fn(sqlOn(trx));
    return this.scoped(tenantId, fn);
  }

  /** Multi-statement work that must leave nothing when it fails: a savepoint of the caller's transaction, or a transaction of its own. */
  atomic<T>(tenantId: string, fn: (sql: Sql) => Promise<T>): Promise<T> {
    return this.scoped(tenantId, fn);
  }

  private scoped<T>(tenantId: string, fn: (sql: Sql) => Promise<T>): Promise<T> {
    const run = () => this.scope.run(tenantId, () => fn(sqlOn(this.live()!)));
    // A unit of work that has ended can still be the async context (a stream consumed after its request
    // committed): MikroORM keeps the finished transaction there, and nesting in it would fail. Start afresh.
    if (this.orm.em.getTransactionContext() && !this.live()) return TransactionContext.create(this.orm.em.fork(), run);
    return run();
  }

  /** The transaction of the unit of work in progress, unless it has already ended. */
  private live(): Knex.Transaction | undefined {
    const trx = this.orm.em.getTransactionContext<Knex.Transaction>();
    return trx && !trx.isCompleted() ? trx : undefined;
  }
}

function sqlOn(trx: Knex.Transaction): Sql {
  return async <T>(text: string, params: readonly unknown[] = []) => {
    const result = (await trx.raw(text, params as Knex.RawBinding[])) as { rows: T[] };
    return result.rows;
  };
}
