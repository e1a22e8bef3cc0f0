import { randomBytes } from 'node:crypto';
import { dropDatabase, provisionDatabase } from '@tessera/persistence/embedded';
import { testServices } from './test-services';

/**
 * A database of its own for one test platform, with Tessera's roles.
 *
 * @example
 * ```ts
 * const db: TestDatabase = await createTestDatabase();
 * const first = await startTestPlatform({ modules, database: db });
 * ```
 */
export interface TestDatabase {
  readonly name: string;
  readonly adminUrl: string;
  /** The application role: no superuser, no BYPASSRLS. */
  readonly appUrl: string;
  /** The schema owner, which runs migrations. */
  readonly migrationUrl: string;
  drop(): Promise<void>;
}

// Roles are cluster-wide; tests share these two (their privileges are per database).
const TEST_ROLES = { owner: 'tessera_test_owner', app: 'tessera_test_app' } as const;
const TEST_PASSWORD = 'tessera-test';

/**
 * Creates a fresh, empty database (unique name, safe in parallel workers and across runs) owned by the
 * test owner role. Drop it when done.
 *
 * @example
 * ```ts
 * const db = await createTestDatabase();
 * afterAll(() => db.drop());
 * ```
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { adminUrl } = testServices();
  const name = `tessera_t_${process.pid}_${randomBytes(5).toString('hex')}`;
  const urls = await provisionDatabase({
    adminUrl,
    database: name,
    roles: TEST_ROLES,
    passwords: { owner: TEST_PASSWORD, app: TEST_PASSWORD },
  });
  return { name, adminUrl, ...urls, drop: () => dropDatabase(adminUrl, name) };
}
