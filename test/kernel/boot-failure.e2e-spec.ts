import { ModuleBootError } from '@tessera/kernel';
import { defineModule } from '@tessera/module-sdk';
import { createTestDatabase, testServices, type TestDatabase } from '@tessera/module-sdk/testing';
import { bootError } from '../support/boot-error';
import { runPlatformProcess } from '../support/spawn-platform-process';
import { startTcpProxyFor, type TcpProxy } from '../support/tcp-proxy';
import { waitFor } from '../support/wait-for';

describe('a critical module failing during a real boot', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('refuses to start: the process names the module and the cause, stops the modules that booted, never listens, and exits 1', async () => {
    // The process must exit by itself.
    const run = await runPlatformProcess(db, { PROBE_FAIL_ON: 'probe-right' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Tessera cannot boot: the critical module "probe-right" failed to start: probe-right cannot reach its provider');
    // probe-app (which needs probe-right) never boots; the two that did stop in reverse order.
    expect(run.events).toEqual(['boot:probe-base', 'boot:probe-left', 'stop:probe-left', 'stop:probe-base']);
    expect(run.stdout).not.toContain('"api listening"');
  });

  describe('in process, behind proxies that count connections', () => {
    let postgres: TcpProxy;
    let redis: TcpProxy;
    beforeAll(async () => {
      postgres = await startTcpProxyFor(db.appUrl);
      redis = await startTcpProxyFor(testServices().redisUrl);
    });
    afterAll(async () => {
      await postgres?.close();
      await redis?.close();
    });

    it('rejects with the module error and leaves no PostgreSQL or Redis connection open', async () => {
      const stopped: string[] = [];
      const hooks = (name: string, fail = false) => ({
        onBoot: () => {
          if (fail) throw new Error('the signing key is missing');
        },
        onShutdown: () => void stopped.push(name),
      });
      const modules = [
        defineModule({ name: 'boot-base', version: '1.0.0', platform: '^1.0.0', hooks: hooks('boot-base') }),
        defineModule({ name: 'boot-keys', version: '1.0.0', platform: '^1.0.0', dependsOn: { 'boot-base': '^1.0.0' }, hooks: hooks('boot-keys', true) }),
      ];
      const error = await bootError({
        modules,
        database: db,
        env: {
          DATABASE_URL: postgres.through(db.appUrl),
          DATABASE_MIGRATION_URL: postgres.through(db.migrationUrl),
          REDIS_URL: redis.through(testServices().redisUrl),
        },
      });
      expect(error).toBeInstanceOf(ModuleBootError);
      expect(error.message).toContain('the critical module "boot-keys" failed to start: the signing key is missing');
      expect(stopped).toEqual(['boot-base']);
      // The boot did use both services through the proxies, and released every connection.
      expect(postgres.connections().accepted).toBeGreaterThan(0);
      expect(redis.connections().accepted).toBeGreaterThan(0);
      await waitFor(async () => postgres.connections().open === 0 && redis.connections().open === 0, {
        timeoutMs: 3000,
        what: 'every PostgreSQL and Redis connection closed',
      });
    });
  });
});
