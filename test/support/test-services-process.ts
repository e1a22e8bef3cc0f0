/**
 * One "test run" without TEST_DATABASE_ADMIN_URL, as jest's global setup and teardown do it: starts the
 * embedded PostgreSQL, prints `admin-url:<url>`, and on a `stop` line on stdin runs the teardown and prints
 * `stopped`. Run with `node --conditions=development -r @swc-node/register test/support/test-services-process.ts`.
 */
import { createInterface } from 'node:readline';
import { setupTestServices, teardownTestServices } from '@tessera/module-sdk/testing/setup';

void (async () => {
  await setupTestServices();
  process.stdout.write(`admin-url:${process.env.TESSERA_TEST_ADMIN_URL}\n`);
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() !== 'stop') continue;
    await teardownTestServices();
    process.stdout.write('stopped\n');
    process.exit(0);
  }
})().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
