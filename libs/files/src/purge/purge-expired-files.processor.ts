import { MikroORM } from '@mikro-orm/core';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { JobContext, JobHandler } from '@tessera/module-sdk';
import { TenantScope } from '@tessera/persistence';

/** Files removed per transaction: big files are hundreds of chunks each, so batches stay small. */
const BATCH = 50;

/**
 * The platform job that deletes expired files (and, by the cascade, their chunks) across tenants, a batch
 * per transaction, oldest first, until none is left or the job is asked to stop. Expired files are already
 * invisible to modules; this only gives the space back.
 */
@Injectable()
export class PurgeExpiredFilesProcessor implements JobHandler<unknown, { purged: number }> {
  constructor(
    private readonly orm: MikroORM<PostgreSqlDriver>,
    private readonly scope: TenantScope,
  ) {}

  async run(_input: unknown, ctx: JobContext): Promise<{ purged: number }> {
    let purged = 0;
    for (;;) {
      const removed = await this.scope.runWithoutTenant(async () => {
        const em = this.orm.em;
        const row = (await em.getConnection().execute('SELECT tessera_purge_expired_files(?) AS removed', [BATCH], 'get', em.getTransactionContext())) as { removed: number };
        return Number(row.removed);
      });
      purged += removed;
      if (removed < BATCH || ctx.signal.aborted) return { purged };
    }
  }
}
