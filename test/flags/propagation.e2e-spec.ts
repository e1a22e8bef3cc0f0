import { FlagsRuntime } from '@tessera/flags';
import { TenantsService } from '@tessera/kernel';
import { startTestPlatform, testServices, type TestPlatform } from '@tessera/module-sdk/testing';
import { withPgClient } from '@tessera/persistence';
import { Redis } from 'ioredis';
import { demoAuthModule, testToken } from '../support/demo-modules';
import { FX_MODULES } from './support/flag-demo-modules';

/** Polls `read` until it returns `expected`; resolves with the milliseconds it took, rejects after `withinMs`. */
async function seenWithin<T>(read: () => Promise<T>, expected: T, withinMs: number): Promise<number> {
  const started = Date.now();
  let last: T | undefined;
  while (Date.now() - started <= withinMs) {
    last = await read();
    if (JSON.stringify(last) === JSON.stringify(expected)) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`still ${JSON.stringify(last)} after ${withinMs} ms (expected ${JSON.stringify(expected)})`);
}

describe('two platform instances sharing a database and a Redis prefix', () => {
  let one: TestPlatform;
  let two: TestPlatform;
  let tenantId: string;
  let token: string;
  let ops: string;
  const as = (value: string) => ({ authorization: `Bearer ${value}` });
  const newEditorOn = (instance: TestPlatform) => async () =>
    (await instance.http().get('/api/v1/fx-base/status').set(as(token)).expect(200)).body.newEditor as boolean;

  beforeAll(async () => {
    one = await startTestPlatform({ modules: [demoAuthModule, ...FX_MODULES] });
    two = await startTestPlatform({ modules: [demoAuthModule, ...FX_MODULES], database: one.database, redisPrefix: one.redisPrefix });
    tenantId = (await one.platform.app.get(TenantsService).create({ slug: 'propagation', name: 'P' })).id;
    token = testToken({ id: 'user-1', tenantId, permissions: ['fx-base.read', 'fx-reports.read', 'flags.manage', 'modules.manage'] });
    ops = testToken({ id: 'ops-1', tenantId: null, permissions: ['platform.flags.manage'] });
    // Both instances have the tenant in memory before anything changes.
    expect(await newEditorOn(one)()).toBe(false);
    expect(await newEditorOn(two)()).toBe(false);
  });
  afterAll(async () => {
    await two?.close();
    await one?.close();
  });

  it('uses the REDIS_PREFIX in the change channel', () => {
    expect(two.platform.app.get(FlagsRuntime).bus.channel).toBe(`${one.redisPrefix}:flags:changes`);
  });

  it('shows a tenant override made on one instance on the other within a second', async () => {
    await one.http().put('/api/v1/tenant/flags/fx-base.new-editor/override').set(as(token)).send({ value: true }).expect(200);
    const ms = await seenWithin(newEditorOn(two), true, 1000);
    console.log(`tenant override seen by the other instance after ${ms} ms`);
  });

  it('shows a kill switch engaged on one instance on the other within a second', async () => {
    await one.http().patch('/api/v1/platform/flags/fx-base.new-editor').set(as(ops)).send({ killed: true }).expect(200);
    await seenWithin(newEditorOn(two), false, 1000);
    await two.http().patch('/api/v1/platform/flags/fx-base.new-editor').set(as(ops)).send({ killed: false }).expect(200);
    await seenWithin(newEditorOn(one), true, 1000);
  });

  it('refuses a module disabled on one instance on the other within a second', async () => {
    const reports = async () => (await two.http().get('/api/v1/fx-reports').set(as(token))).status;
    expect(await reports()).toBe(200);
    await one.http().put('/api/v1/tenant/modules/fx-reports').set(as(token)).send({ enabled: false, cascade: true }).expect(200);
    await seenWithin(reports, 403, 1000);
  });

  it('reloads after its subscription drops, so a change it missed does not leave it stale', async () => {
    // A change whose message never arrives: written straight to the database, announced to nobody.
    await withPgClient(one.database.migrationUrl, async (client) => {
      await client.query("SELECT set_config('app.tenant_id', $1, false)", [tenantId]);
      await client.query("UPDATE tenant_flag_overrides SET value = 'false'::jsonb WHERE flag_key = 'fx-base.new-editor' AND user_id IS NULL");
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await newEditorOn(two)()).toBe(true); // stale: nothing told it
    const redis = new Redis(testServices().redisUrl);
    try {
      const name = two.platform.app.get(FlagsRuntime).bus.connectionName;
      const killed = await redis.call('CLIENT', 'KILL', 'SKIPME', 'yes', 'TYPE', 'pubsub', 'ID', await clientId(redis, name));
      expect(killed).toBe(1);
    } finally {
      redis.disconnect();
    }
    await seenWithin(newEditorOn(two), false, 3000);
  });

  it('keeps a third instance with its own database and prefix apart (separate OpenFeature domains)', async () => {
    const other = await startTestPlatform({ modules: [demoAuthModule, ...FX_MODULES] });
    try {
      const otherTenant = (await other.platform.app.get(TenantsService).create({ slug: 'propagation', name: 'P' })).id;
      const otherToken = testToken({ id: 'user-1', tenantId: otherTenant, permissions: ['fx-base.read'] });
      await one.http().patch('/api/v1/platform/flags/fx-base.theme').set(as(ops)).send({ value: 'dark' }).expect(200);
      await seenWithin(async () => (await two.http().get('/api/v1/fx-base/status').set(as(token))).body.theme, 'dark', 1000);
      expect((await other.http().get('/api/v1/fx-base/status').set(as(otherToken)).expect(200)).body.theme).toBe('classic');
      const domains = [one, two, other].map((instance) => instance.platform.app.get(FlagsRuntime).domain);
      expect(new Set(domains).size).toBe(3);
    } finally {
      await other.close();
    }
  });
});

async function clientId(redis: Redis, name: string): Promise<string> {
  const list = String(await redis.call('CLIENT', 'LIST', 'TYPE', 'pubsub'));
  const line = list.split('\n').find((entry) => entry.includes(` name=${name} `));
  if (!line) throw new Error(`no pubsub client named ${name}`);
  return /(?:^|\s)id=(\d+)/.exec(line)![1]!;
}
