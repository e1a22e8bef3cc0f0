import type { EntityManager } from '@mikro-orm/core';

type QueryListener = (query: { sql: string }) => void;

/** What the tests look at in the knex client under the ORM: its pool, and the SQL sent through it. */
export interface KnexClient {
  readonly pool: { numUsed(): number; numPendingAcquires(): number };
  on(event: 'query', listener: QueryListener): void;
  off(event: 'query', listener: QueryListener): void;
}

/** The knex client of `em`'s connection (MikroORM's core types do not expose it). */
export function knexClientOf(em: EntityManager): KnexClient {
  return (em.getConnection() as unknown as { getKnex(): { client: KnexClient } }).getKnex().client;
}
