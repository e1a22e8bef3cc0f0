import { createHash, randomBytes } from 'node:crypto';
import { TenantsService } from '@tessera/kernel';
import { RequestContext, type FileStore } from '@tessera/module-sdk';
import { startTestPlatform, type TestPlatform, type TestPlatformOptions } from '@tessera/module-sdk/testing';
import { TenantScope, withCredentials, withPgClient } from '@tessera/persistence';
import { demoAuthModule, demoFilesModule, DemoFilesService, demoOtherFilesModule, DemoOtherFilesService } from './demo-modules';

/** A platform with the two demo file modules, and the ways tests reach the store. */
export interface FilePlatform {
  readonly t: TestPlatform;
  /** The FILE_STORE of `demo-files`. */
  readonly files: FileStore;
  /** The FILE_STORE of `demo-other-files`. */
  readonly otherFiles: FileStore;
  tenant(): Promise<string>;
  /** Runs `fn` with the tenant in the request context but outside any unit of work (a timer, a script). */
  as<T>(tenantId: string, fn: () => Promise<T>): Promise<T>;
  /** Runs `fn` inside a tenant unit of work, as a request or a job does. */
  inUnitOfWork<T>(tenantId: string, fn: () => Promise<T>): Promise<T>;
  /** SQL as the database superuser, past row-level security: what is really stored. */
  sql<T = Record<string, unknown>>(query: string, params?: unknown[]): Promise<T[]>;
  /** SQL as the application role with a tenant set on the connection: what row-level security shows it. */
  sqlAsTenant<T = Record<string, unknown>>(tenantId: string, query: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export async function startFilePlatform(options: Partial<TestPlatformOptions> = {}): Promise<FilePlatform> {
  const t = await startTestPlatform({ modules: [demoAuthModule, demoFilesModule, demoOtherFilesModule], ...options });
  const app = t.platform.app;
  const scope = app.get(TenantScope);
  const adminUrl = withCredentials(t.database.adminUrl, { database: t.database.name });
  return {
    t,
    files: app.get(DemoFilesService).files,
    otherFiles: app.get(DemoOtherFilesService).files,
    async tenant() {
      return (await app.get(TenantsService).create({ slug: `f-${randomBytes(6).toString('hex')}`, name: 'Files tenant' })).id;
    },
    as: (tenantId, fn) => RequestContext.run({ requestId: `test-${randomBytes(4).toString('hex')}`, source: 'system', tenantId }, fn),
    inUnitOfWork: (tenantId, fn) => RequestContext.run({ requestId: `test-${randomBytes(4).toString('hex')}`, source: 'system' }, () => scope.run(tenantId, fn)),
    sql: (query, params = []) => withPgClient(adminUrl, async (client) => (await client.query(query, params)).rows),
    sqlAsTenant: (tenantId, query, params = []) =>
      withPgClient(t.database.appUrl, async (client) => {
        await client.query("SELECT set_config('app.tenant_id', $1, false)", [tenantId]);
        return (await client.query(query, params)).rows;
      }),
    close: () => t.close(),
  };
}

/** `buffer` as a stream of pieces of uneven sizes (as a socket delivers them). */
export async function* piecesOf(buffer: Buffer, sizes: readonly number[] = [1, 7_000, 65_536, 300_001]): AsyncGenerator<Buffer> {
  let offset = 0;
  for (let i = 0; offset < buffer.length; i++) {
    const size = sizes[i % sizes.length]!;
    yield buffer.subarray(offset, offset + size);
    offset += size;
  }
}

export async function readAll(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}

export const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
