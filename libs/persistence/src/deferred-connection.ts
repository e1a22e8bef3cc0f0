/** What knex's PostgreSQL client needs of a connection inside a transaction: pg's callback `query`. */
export interface PgConnection {
  query(config: unknown, callback: (error: Error | null, result?: unknown) => void): unknown;
}

/** The pool a deferred connection draws from (the root knex client). */
export interface ConnectionPool {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(connection: PgConnection): Promise<unknown>;
}

/** Only these end a transaction; `ROLLBACK TO SAVEPOINT ...` does not. */
const END = /^(COMMIT|ROLLBACK);?$/i;

function textOf(config: unknown): string {
  return typeof config === 'string' ? config : String((config as { text?: unknown }).text ?? '');
}

/**
 * The connection of a transaction that has not needed the database yet. knex's transaction runs every
 * statement through it; the first one takes a connection from the pool and sends `begin` (BEGIN, plus the
 * tenant's set_config for a tenant-scoped unit of work) ahead of itself on that connection, so every
 * statement of the transaction, the first included, runs after them. A transaction that never ran a
 * statement ends without a round trip: its COMMIT or ROLLBACK is answered here, and no connection was used.
 */
export class DeferredConnection implements PgConnection {
  private opening?: Promise<PgConnection>;
  private held?: PgConnection;
  private ended = false;

  constructor(
    private readonly pool: ConnectionPool,
    private readonly begin: string,
  ) {}

  query(config: unknown, callback: (error: Error | null, result?: unknown) => void): void {
    if (typeof callback !== 'function') throw new Error('A deferred transaction connection runs callback queries only (no streams).');
    if (this.ended) return callback(new Error('The transaction has already ended.'));
    const ends = END.test(textOf(config).trim());
    if (ends && !this.opening) {
      this.ended = true;
      return callback(null, { command: textOf(config).trim().replace(/;$/, '').toUpperCase(), rowCount: null, rows: [], fields: [] });
    }
    if (ends) this.ended = true;
    this.open().then(
      (connection) =>
        connection.query(config, (error, result) => {
          if (ends) this.release();
          callback(error, result);
        }),
      (error: Error) => {
        if (ends) this.release();
        callback(error);
      },
    );
  }

  /** Gives the connection back if the transaction ended some other way (idempotent). */
  release(): void {
    const held = this.held;
    this.held = undefined;
    if (held) void this.pool.releaseConnection(held);
  }

  private open(): Promise<PgConnection> {
    this.opening ??= this.pool.acquireConnection().then((connection) => {
      this.held = connection;
      return new Promise<PgConnection>((resolve, reject) =>
        connection.query(this.begin, (error) => {
          if (!error) return resolve(connection);
          // After a failed BEGIN the connection's state is unknown (broken, or inside an aborted transaction
          // if the set_config after BEGIN failed): knex's pool destroys a connection marked disposed instead
          // of handing it to the next transaction.
          (connection as { __knex__disposed?: unknown }).__knex__disposed = error;
          this.release();
          reject(error);
        }),
      );
    });
    return this.opening;
  }
}
