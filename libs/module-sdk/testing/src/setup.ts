/**
 * Jest global setup and teardown, as a separate entry: it loads no ORM or Nest code, so nothing it
 * creates leaks into the test environments.
 *
 * @example
 * ```ts
 * // test/global-setup.ts
 * export { setupTestServices as default } from '@tessera/module-sdk/testing/setup';
 * ```
 */
export { setupTestServices, teardownTestServices } from './test-services';
