import { Inject, Injectable } from '@nestjs/common';
import {
  AUDIT_LOG,
  EntityManager,
  FILE_STORE,
  MODULE_CONFIG,
  NonRetryableJobError,
  RequestContext,
  TesseraError,
  UNIT_OF_WORK,
  type AuditLog,
  type FileStore,
  type JobContext,
  type JobHandler,
  type RequestContextData,
  type UnitOfWork,
} from '@tessera/module-sdk';
import type { ContactsConfig } from '../../contacts.config';
import { ContactImport } from '../contact-import.entity';
import { csvRecords, CsvSyntaxError, type CsvRecord } from '../csv/csv-records';
import { ImportRows, type ImportCounts } from '../import-rows.service';
import { maxRecordSize } from '../import-limits';
import { ErrorReport } from '../report/error-report.service';
import { ImportBatch, type BatchImport } from './import-batch.service';

export interface ImportJobInput {
  readonly importId: string;
}

/** The job's result (also in `GET /api/v1/jobs/:id`). */
export interface ImportJobResult extends ImportCounts {
  readonly importId: string;
  readonly total: number;
  readonly reportFileId: string;
}

/**
 * The import job: a `scan` step (counts the rows, enforces the row limit, before anything is written), one step
 * per batch of rows (`rows-<first>-<last>`: contacts and their row records commit together), then `finish`
 * (the error report, the final state, the audit entry). Batches run with the tenant roles of whoever started
 * the import, so the custom-fields contract lets them write exactly the fields that person could.
 */
@Injectable()
export class ImportContactsProcessor implements JobHandler<ImportJobInput, ImportJobResult> {
  constructor(
    private readonly em: EntityManager,
    private readonly rows: ImportRows,
    private readonly batches: ImportBatch,
    private readonly report: ErrorReport,
    @Inject(UNIT_OF_WORK) private readonly work: UnitOfWork,
    @Inject(FILE_STORE) private readonly files: FileStore,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
    @Inject(MODULE_CONFIG) private readonly config: ContactsConfig,
  ) {}

  async run(input: ImportJobInput, ctx: JobContext): Promise<ImportJobResult> {
    const tenantId = ctx.tenantId!;
    const found = await this.work.withTenant(tenantId, () => this.em.findOne(ContactImport, { id: input.importId }));
    if (!found?.mapping || !found.options) throw new NonRetryableJobError('IMPORT_NOT_FOUND', `Import ${input.importId} does not exist or was never started.`);
    const target: BatchImport & { fileId: string; delimiter: string; startedRoles: readonly string[] } = {
      id: found.id,
      fileId: found.fileId,
      columns: found.columns,
      delimiter: found.delimiter,
      mapping: found.mapping,
      options: found.options,
      startedRoles: found.startedRoles ?? [],
    };
    try {
      const total = await ctx.step('scan', () => this.scan(target));
      await ctx.progress(0, `0 of ${total} rows`);
      let batch: CsvRecord[] = [];
      const runBatch = async () => {
        const records = batch;
        batch = [];
        if (ctx.signal.aborted) throw new Error('import stopped (released, timed out or shutting down): the next attempt resumes after the last committed batch');
        const step = `rows-${records[0]!.row}-${records.at(-1)!.row}`;
        const counts = await RequestContext.run(asStarter(target.startedRoles), () => ctx.step(step, () => this.batches.run(target, records)));
        await ctx.progress(total === 0 ? 100 : (counts.processed * 100) / total, `${counts.processed} of ${total} rows`);
      };
      for await (const record of this.records(target)) {
        if (record.row === 1) continue;
        batch.push(record);
        if (batch.length >= this.config.importBatchSize) await runBatch();
      }
      if (batch.length > 0) await runBatch();
      return await ctx.step('finish', () => this.finish(found, total));
    } catch (error) {
      if (error instanceof NonRetryableJobError) await this.markFailed(tenantId, target.id, error);
      throw error;
    }
  }

  /** The file's records; a file that is gone (expired, deleted) cannot come back: no retry. */
  private async *records(target: { fileId: string; delimiter: string }): AsyncGenerator<CsvRecord> {
    try {
      yield* csvRecords(this.files.read(target.fileId), { delimiter: target.delimiter, maxRecordSize: maxRecordSize(this.config) });
    } catch (error) {
      if (error instanceof TesseraError && error.code === 'FILE_NOT_FOUND') {
        throw new NonRetryableJobError('IMPORT_FILE_EXPIRED', 'The uploaded file is no longer stored (it expired or was deleted): upload it again.');
      }
      if (error instanceof CsvSyntaxError) throw new NonRetryableJobError(error.code, error.message, error.details);
      throw error;
    }
  }

  /** Counts the data rows (the header is checked against the mapped columns) and marks the import running. */
  private async scan(target: BatchImport & { fileId: string; delimiter: string }): Promise<number> {
    let total = 0;
    for await (const record of this.records(target)) {
      if (record.row === 1) continue;
      total += 1;
      if (total > this.config.importMaxRows) {
        throw new NonRetryableJobError(
          'IMPORT_TOO_MANY_ROWS',
          `The file has more than ${this.config.importMaxRows} rows (CONTACTS_IMPORT_MAX_ROWS): split it into several imports. Nothing was imported.`,
          { maxRows: this.config.importMaxRows },
        );
      }
    }
    await this.em.execute(
      `UPDATE contact_imports SET total_rows = ?, state = 'running', started_at = coalesce(started_at, now()), updated_at = now(), error_code = NULL, error_message = NULL WHERE id = ?`,
      [total, target.id],
    );
    return total;
  }

  private async finish(found: ContactImport, total: number): Promise<ImportJobResult> {
    const counts = await this.rows.refreshCounts(found.id);
    const [current] = await this.em.execute<Array<{ report_file_id: string | null }>>('SELECT report_file_id FROM contact_imports WHERE id = ?', [found.id]);
    const report = await this.report.write(
      { importId: found.id, fileId: found.fileId, fileName: found.fileName, delimiter: found.delimiter, columns: found.columns, maxRecordSize: maxRecordSize(this.config) },
      counts.failed,
    );
    if (current?.report_file_id) await this.files.delete(current.report_file_id);
    await this.em.execute(
      `UPDATE contact_imports SET state = 'completed', report_file_id = ?, finished_at = now(), updated_at = now(), error_code = NULL, error_message = NULL WHERE id = ?`,
      [report.id, found.id],
    );
    await this.audit.record({
      action: 'contacts.imported',
      target: { type: 'contact-import', id: found.id },
      metadata: { total, ...counts, duplicates: found.options?.duplicates ?? 'skip', fileName: found.fileName, startedBy: found.startedBy },
    });
    return { importId: found.id, total, ...counts, reportFileId: report.id };
  }

  private markFailed(tenantId: string, id: string, error: TesseraError): Promise<unknown> {
    return this.work.withTenant(tenantId, () =>
      this.em.execute(`UPDATE contact_imports SET state = 'failed', error_code = ?, error_message = ?, finished_at = now(), updated_at = now() WHERE id = ?`, [
        error.code,
        error.message.slice(0, 1000),
        id,
      ]),
    );
  }
}

/**
 * The job's context with the tenant roles the import was started with: the worker's principal carries no
 * roles (jobs keep who, not what they may do), and the custom-fields contract decides by roles which fields
 * may be written. The roles come from the verified principal of the start request, stored with the import.
 */
function asStarter(roles: readonly string[]): RequestContextData {
  const current = RequestContext.current()!;
  return { ...current, principal: current.principal ? { ...current.principal, roles: new Set(roles) } : undefined };
}
