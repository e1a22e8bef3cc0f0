import type { MikroORM } from '@mikro-orm/core';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { testServices } from '@tessera/module-sdk/testing';
import { createOrm } from '@tessera/persistence';
import { DeferredConnection, type ConnectionPool, type PgConnection } from '../../libs/persistence/src/deferred-connection';

const query = (connection: PgConnection, text: string) =>
  new Promise<unknown>((resolve, reject) => connection.query(text, (error, result) => (error ? reject(error) : resolve(result))));

/** A deferred connection over the real knex pool of one connection, so a connection given back is the next one handed out. */
describe('DeferredConnection on a real pool', () => {
  let orm: MikroORM<PostgreSqlDriver>;
  let pool: ConnectionPool & { pool: { numUsed(): number } };

  beforeAll(async () => {
    orm = await createOrm({ url: testServices().adminUrl, poolSize: 1, entities: [] });
    pool = orm.em.getConnection().getKnex().client as unknown as typeof pool;
  });
  afterAll(() => orm.close());

  it('discards the connection of a failed BEGIN instead of handing it, inside an aborted transaction, to the next transaction', async () => {
    // The BEGIN succeeds and the statement after it fails, as a failing set_config would: the session is left in an aborted transaction.
    const failed = new DeferredConnection(pool, 'BEGIN; SELECT 1/0;');
    await expect(query(failed, 'SELECT 1')).rejects.toThrow(/division by zero/);
    await expect(query(failed, 'ROLLBACK')).rejects.toThrow(/division by zero/);
    expect(pool.pool.numUsed()).toBe(0);

    const next = new DeferredConnection(pool, 'BEGIN;');
    await expect(query(next, "SELECT current_setting('transaction_isolation') AS level")).resolves.toMatchObject({ rows: [{ level: 'read committed' }] });
    await query(next, 'COMMIT');
    expect(pool.pool.numUsed()).toBe(0);
  });

  it('ends a transaction that never ran a statement without taking a connection', async () => {
    const idle = new DeferredConnection(pool, 'BEGIN;');
    await expect(query(idle, 'COMMIT')).resolves.toMatchObject({ command: 'COMMIT' });
    await expect(query(idle, 'SELECT 1')).rejects.toThrow(/already ended/);
    expect(pool.pool.numUsed()).toBe(0);
  });
});
