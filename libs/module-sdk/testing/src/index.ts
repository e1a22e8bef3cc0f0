/**
 * @tessera/module-sdk/testing — boot a real platform with only your module (and its dependencies)
 * against real PostgreSQL and Redis, from your own package's jest suite.
 */
export { setupTestServices, teardownTestServices, testServices } from './test-services';
export type { TestServices } from './test-services';
export { createTestDatabase } from './test-database';
export type { TestDatabase } from './test-database';
export { startTestPlatform } from './test-platform';
export type { TestPlatform, TestPlatformOptions } from './test-platform';
