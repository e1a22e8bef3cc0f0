import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, FILE_STORE, MODULE_CONFIG, type FileStore, type JobContext, type JobHandler } from '@tessera/module-sdk';
import type { ContactsConfig } from '../../contacts.config';

const BATCH = 100;

/**
 * Deletes the imports that finished (or were uploaded and never started) more than
 * `CONTACTS_IMPORT_RETENTION_DAYS` ago: their upload and error report (if the file store has not expired them
 * already), their per-row records and errors (by foreign key). The contacts they created stay, of course.
 * An import cannot run that long (five attempts of at most two hours), so age alone decides.
 */
@Injectable()
export class PurgeImportsProcessor implements JobHandler<Record<string, never>, { purged: number }> {
  constructor(
    private readonly em: EntityManager,
    @Inject(FILE_STORE) private readonly files: FileStore,
    @Inject(MODULE_CONFIG) private readonly config: ContactsConfig,
  ) {}

  async run(_input: Record<string, never>, ctx: JobContext): Promise<{ purged: number }> {
    const cutoff = new Date(Date.now() - this.config.importRetentionDays * 86_400_000).toISOString();
    let purged = 0;
    for (;;) {
      if (ctx.signal.aborted) throw new Error('purge stopped: the next attempt resumes');
      const rows = await this.em.execute<Array<{ id: string; file_id: string; report_file_id: string | null }>>(
        'SELECT id, file_id, report_file_id FROM contact_imports WHERE coalesce(finished_at, created_at) < ?::timestamptz ORDER BY id LIMIT ?',
        [cutoff, BATCH],
      );
      for (const row of rows) {
        await this.files.delete(row.file_id);
        if (row.report_file_id) await this.files.delete(row.report_file_id);
      }
      if (rows.length > 0) await this.em.execute('DELETE FROM contact_imports WHERE id IN (SELECT value::uuid FROM jsonb_array_elements_text(?::jsonb))', [JSON.stringify(rows.map((r) => r.id))]);
      purged += rows.length;
      if (rows.length < BATCH) return { purged };
    }
  }
}
