/**
 * What tenant isolation costs per request: the same find-by-id as a bare superuser query, and as the
 * platform runs it (transaction + set_config + row-level security as the application role; set_config as its own query
 * and, as TenantScope sends it, inside the BEGIN), side by side
 * through pools of the same size. Also the same through the ORM with TenantScope.
 */
import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/core';
import { TenantsService } from '@tessera/kernel';
import { startTestPlatform } from '@tessera/module-sdk/testing';
import { TenantScope, withCredentials } from '@tessera/persistence';
import { Pool } from 'pg';
import { CatalogItem, demoAuthModule, demoCatalogModule } from '../test/support/demo-modules';
import { saveResult } from './lib/bench-result';
import { interleave, interleaveSides, median } from './lib/sampling';
import { inTenantTransaction } from './lib/servers/bare-contacts-sql';
import { withBenchServices } from './lib/services';

const CALLS = 1000;

async function timeCalls(calls: number, fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < calls; i++) await fn();
  return ((performance.now() - started) * 1000) / calls; // µs per call
}

void withBenchServices(async () => {
  const t = await startTestPlatform({ modules: [demoAuthModule, demoCatalogModule], env: { DOCS_ENABLED: 'false' } });
  try {
    const scope = t.platform.app.get(TenantScope);
    const em = t.platform.app.get(MikroORM).em;
    const tenantId = (await t.platform.app.get(TenantsService).create({ slug: 'bench', name: 'Bench' })).id;
    const itemId = await scope.run(tenantId, async () => {
      const item = em.create(CatalogItem, { title: 'bench item', priceCents: 1 });
      await em.flush();
      return item.id;
    });

    const superuser = new Pool({ connectionString: withCredentials(t.database.adminUrl, { database: t.database.name }), max: 4 });
    const app = new Pool({ connectionString: t.database.appUrl, max: 4 });
    const bare = () => superuser.query('SELECT * FROM demo_catalog_items WHERE id = $1', [itemId]);
    const isolated = async () => {
      const client = await app.connect();
      try {
        await client.query('BEGIN');
        await client.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
        const result = await client.query('SELECT * FROM demo_catalog_items WHERE id = $1', [itemId]);
        await client.query('COMMIT');
        return result;
      } finally {
        client.release();
      }
    };
    // What TenantScope sends since the BEGIN carries the tenant: one simple-protocol query instead of two.
    const isolatedOneTrip = () => inTenantTransaction(app, tenantId, (client) => client.query('SELECT * FROM demo_catalog_items WHERE id = $1', [itemId]));
    const orm = () => scope.run(tenantId, () => em.findOne(CatalogItem, { id: itemId }));
    const ormNoIsolation = () => em.fork().findOne(CatalogItem, { id: itemId }, { filters: false });

    await timeCalls(300, bare);
    await timeCalls(300, isolated);
    await timeCalls(300, isolatedOneTrip);
    const [bareSamples, isolatedSamples, oneTripSamples] = await interleaveSides(5, [
      () => timeCalls(CALLS, bare),
      () => timeCalls(CALLS, isolated),
      () => timeCalls(CALLS, isolatedOneTrip),
    ]);
    // The ORM baseline runs outside any transaction with the filter off; row-level security then shows no row,
    // so it measures the ORM's own overhead, not a useful read.
    const viaOrm = await interleave(
      5,
      () => timeCalls(CALLS, ormNoIsolation),
      () => timeCalls(CALLS, orm),
    );
    const bareUs = median(bareSamples!);
    const isolatedUs = median(isolatedSamples!);
    const oneTripUs = median(oneTripSamples!);
    saveResult({
      name: 'tenancy',
      title: 'Tenant isolation cost per request',
      command: 'npm run bench -- tenancy',
      rows: [
        { metric: 'find by id, bare superuser query', value: bareUs, unit: 'µs' },
        {
          metric: 'find by id, transaction + set_config + RLS (app role)',
          value: isolatedUs,
          unit: 'µs',
          baseline: bareUs,
          ratio: bareUs / isolatedUs,
          note: `+${(isolatedUs - bareUs).toFixed(0)} µs per request`,
        },
        {
          metric: 'find by id, BEGIN carrying set_config (one query) + RLS (app role): what TenantScope sends',
          value: oneTripUs,
          unit: 'µs',
          baseline: bareUs,
          ratio: bareUs / oneTripUs,
          note: `+${(oneTripUs - bareUs).toFixed(0)} µs per request; ${(isolatedUs - oneTripUs).toFixed(0)} µs less than a separate set_config`,
        },
        { metric: 'ORM findOne, no transaction (filter off)', value: median(viaOrm.a), unit: 'µs' },
        {
          metric: 'ORM findOne inside TenantScope.run',
          value: median(viaOrm.b),
          unit: 'µs',
          baseline: median(viaOrm.a),
          ratio: median(viaOrm.a) / median(viaOrm.b),
        },
      ],
      notes: [
        `${CALLS} sequential calls per sample, 5 interleaved rounds, medians; pools of 4 connections on both sides.`,
        'The isolation cost is the extra round trips per request, not the RLS predicate, which is an initPlan evaluated once per query: three (BEGIN, set_config, COMMIT) when set_config is its own query, two since TenantScope sends `BEGIN; SELECT set_config(...)` as one simple-protocol query (the tenant, a checked UUID, inlined; libs/persistence deferred-transaction.dialect.ts). The ORM rows measure TenantScope as it runs now: the transaction opens at the first statement with the tenant in its BEGIN.',
        'Ratio = bare / platform time, i.e. the share of bare throughput kept.',
      ],
    });
    await superuser.end();
    await app.end();
  } finally {
    await t.close();
  }
});
