import { randomBytes } from 'node:crypto';
import { RequestContext } from '@tessera/module-sdk';
import { startTestPlatform, type TestPlatform } from '@tessera/module-sdk/testing';
import { demoAuthModule, demoFilesModule, DemoFilesService, demoOtherFilesModule } from '../support/demo-modules';
import { piecesOf, readAll, sha256, startFilePlatform, type FilePlatform } from '../support/file-platforms';

describe('files across replicas', () => {
  let api: FilePlatform;
  let worker: TestPlatform;

  beforeAll(async () => {
    api = await startFilePlatform();
    worker = await startTestPlatform({
      modules: [demoAuthModule, demoFilesModule, demoOtherFilesModule],
      role: 'worker',
      database: api.t.database,
      redisPrefix: api.t.redisPrefix,
      env: { WORKER_HEALTH_PORT: '0' },
    });
  });
  afterAll(async () => {
    await worker?.close();
    await api.close();
  });

  it('lets a worker platform read and delete what the API platform stored: nothing lives in a process', async () => {
    const tenant = await api.tenant();
    const content = randomBytes(262_144 * 5 + 3);
    const upload = await api.as(tenant, () => api.files.write({ name: 'upload.csv', contentType: 'text/csv', content: piecesOf(content) }));
    const workerFiles = worker.platform.app.get(DemoFilesService).files;
    const inWorker = <T>(fn: () => Promise<T>) => RequestContext.run({ requestId: 'job-1', source: 'job', tenantId: tenant }, fn);
    expect(await inWorker(() => workerFiles.stat(upload.id))).toEqual(upload);
    expect(sha256(await inWorker(() => readAll(workerFiles.read(upload.id))))).toBe(upload.sha256);
    expect(await inWorker(() => workerFiles.delete(upload.id))).toBe(true);
    expect(await api.as(tenant, () => api.files.stat(upload.id))).toBeNull();
  });
});
