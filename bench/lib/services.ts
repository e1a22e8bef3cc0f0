import { setupTestServices, teardownTestServices } from '@tessera/module-sdk/testing/setup';

/** Runs `fn` with PostgreSQL and Redis available as in the tests (TEST_DATABASE_ADMIN_URL or embedded). */
export async function withBenchServices(fn: () => Promise<void>): Promise<void> {
  await setupTestServices();
  try {
    await fn();
  } finally {
    await teardownTestServices();
  }
}
