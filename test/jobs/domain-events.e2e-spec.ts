import { prepareModules, type PlatformPorts } from '@tessera/kernel';
import { defineModule } from '@tessera/module-sdk';
import { demoAuthModule, demoLedgerModule, demoOrdersModule, failuresBeforeSuccess, testToken } from '../support/demo-modules';
import { OnOrderPlaced } from '../support/demo-modules/demo-events.module';
import { startJobPlatforms, type JobPlatforms } from '../support/job-platforms';
import { waitFor } from '../support/wait-for';

describe('domain events', () => {
  let p: JobPlatforms;
  let tenantA: string;
  let tenantB: string;
  const ledgerOffFor = new Set<string>();
  const ports: PlatformPorts = { moduleEnablement: { isEnabled: (tenantId, module) => !(module === 'demo-ledger' && ledgerOffFor.has(tenantId)) } };

  beforeAll(async () => {
    p = await startJobPlatforms({ modules: [demoAuthModule, demoOrdersModule, demoLedgerModule], ports });
    [tenantA, tenantB] = [await p.tenant(), await p.tenant()];
  });
  afterAll(() => p.close());

  const place = (tenantId: string, orderId: string, failAfterPublish = false) =>
    p.api
      .http()
      .post('/api/v1/demo-orders')
      .set('authorization', `Bearer ${testToken({ id: 'buyer-1', tenantId, permissions: ['demo-orders.write'] })}`)
      .set('x-request-id', `req-${orderId}`)
      .send({ orderId, failAfterPublish });

  const ledger = (orderId: string) =>
    p.sql<{ tenant_id: string; context_tenant: string; actor_id: string; request_id: string; event_id: string }>(
      'SELECT * FROM demo_ledger_entries WHERE order_id = $1',
      [orderId],
    );

  it("delivers an event to its subscriber after the publisher's commit, in the publisher's tenant, actor and request", async () => {
    await place(tenantA, 'order-1').expect(201);
    await waitFor(async () => (await ledger('order-1')).length === 1);
    expect((await ledger('order-1'))[0]).toMatchObject({ tenant_id: tenantA, context_tenant: tenantA, actor_id: 'buyer-1', request_id: 'req-order-1' });
  });

  it('delivers nothing when the publishing request fails', async () => {
    await place(tenantA, 'order-rolled-back', true).expect(500);
    await place(tenantA, 'order-after').expect(201);
    await waitFor(async () => (await ledger('order-after')).length === 1);
    expect(await ledger('order-rolled-back')).toEqual([]);
  });

  it('retries a failing subscriber with the same event until it succeeds', async () => {
    failuresBeforeSuccess.set('order-flaky', 2);
    await place(tenantA, 'order-flaky').expect(201);
    await waitFor(async () => (await ledger('order-flaky')).length === 1, { timeoutMs: 20_000, what: 'the retried delivery' });
    expect(failuresBeforeSuccess.get('order-flaky')).toBe(0);
  });

  it("skips a subscriber switched off for the tenant, and still delivers to another tenant's", async () => {
    ledgerOffFor.add(tenantB);
    await place(tenantB, 'order-b').expect(201);
    await place(tenantA, 'order-a').expect(201);
    await waitFor(async () => (await ledger('order-a')).length === 1);
    expect(await ledger('order-b')).toEqual([]);
    ledgerOffFor.delete(tenantB);
  });

  it('refuses to boot a subscription to a module that is not a dependency, or to an event it does not publish', () => {
    const stranger = defineModule({
      name: 'stranger',
      version: '1.0.0',
      platform: '^1.0.0',
      events: { subscribes: [{ event: 'demo-orders.order-placed', handler: OnOrderPlaced }] },
    });
    expect(() => prepareModules([demoOrdersModule, stranger], {})).toThrow(
      /\[stranger\] subscribes to "demo-orders.order-placed" of "demo-orders", which it does not declare as a dependency/,
    );
    const confused = defineModule({
      name: 'confused',
      version: '1.0.0',
      platform: '^1.0.0',
      dependsOn: { 'demo-orders': '^1.0.0' },
      events: { subscribes: [{ event: 'demo-orders.order-cancelled', handler: OnOrderPlaced }] },
    });
    expect(() => prepareModules([demoOrdersModule, confused], {})).toThrow(/subscribes to "demo-orders.order-cancelled", which "demo-orders" does not publish/);
  });
});
