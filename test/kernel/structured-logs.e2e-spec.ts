import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { createLogger, TenantsService } from '@tessera/kernel';
import { startTestPlatform, type TestPlatform } from '@tessera/module-sdk/testing';
import { demoAuthModule, demoCatalogModule, testToken } from '../support/demo-modules';

describe('structured logs', () => {
  const lines: Array<Record<string, unknown>> = [];
  const raw: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  let t: TestPlatform;
  const token = testToken({ id: 'logger-user', tenantId: randomUUID(), permissions: ['demo-catalog.write'] });

  beforeAll(async () => {
    t = await startTestPlatform({ modules: [demoAuthModule, demoCatalogModule], logger: createLogger({ level: 'info', destination: sink }) });
  });
  afterAll(() => t.close());

  it('writes JSON lines that all carry the request id of the request that caused them', async () => {
    const tenantScoped = testToken({ id: 'logger-user', tenantId: await tenantId(t), permissions: ['demo-catalog.write'] });
    const response = await t.http().post('/api/v1/demo-catalog/items').set('authorization', `Bearer ${tenantScoped}`).send({ title: 'lamp', priceCents: 10 }).expect(201);
    const requestId = response.headers['x-request-id'];
    const ofRequest = lines.filter((line) => line.requestId === requestId);
    expect(ofRequest.map((line) => line.msg)).toEqual(expect.arrayContaining(['catalog item created', 'request completed']));
    expect(ofRequest.find((line) => line.msg === 'catalog item created')).toMatchObject({ module: 'demo-catalog', level: 'info' });
  });

  it('never writes credentials', async () => {
    await t.http().get('/api/v1/demo-catalog/items').set('authorization', `Bearer ${token}`).set('cookie', 'session=very-secret-cookie');
    const all = raw.join('\n');
    expect(all).not.toContain(token);
    expect(all).not.toContain('very-secret-cookie');
  });
});

async function tenantId(t: TestPlatform): Promise<string> {
  return (await t.platform.app.get(TenantsService).create({ slug: `logs-${Date.now()}`, name: 'Logs' })).id;
}
