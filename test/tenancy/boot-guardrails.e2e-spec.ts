import { defineModule } from '@tessera/module-sdk';
import { createTestDatabase, startTestPlatform, testServices, type TestDatabase } from '@tessera/module-sdk/testing';
import { withCredentials } from '@tessera/persistence';

describe('boot refuses a database where isolation cannot hold', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('refuses to run the application as a superuser', async () => {
    const superuser = withCredentials(testServices().adminUrl, { database: db.name });
    await expect(startTestPlatform({ modules: [], database: db, env: { DATABASE_URL: superuser } })).rejects.toThrow(
      /Tessera refuses to boot: the application role "[^"]+" is a superuser, which bypasses row-level security\./,
    );
  });

  it('refuses to run the application as the schema owner', async () => {
    await expect(startTestPlatform({ modules: [], database: db, env: { DATABASE_URL: db.migrationUrl } })).rejects.toThrow(/owns tables/);
  });

  it('refuses a tenant table that is not under row-level security, naming it', async () => {
    const leaky = defineModule({
      name: 'leaky',
      version: '1.0.0',
      platform: '^1.0.0',
      migrations: [{ name: '0001', up: 'CREATE TABLE leaky_things (id uuid PRIMARY KEY, tenant_id uuid NOT NULL)' }],
    });
    await expect(startTestPlatform({ modules: [leaky], database: db })).rejects.toThrow(
      /no forced row-level security: leaky_things\.\n\s+Fix: add `...tenantIsolation\('<table>'\)`/,
    );
  });
});
