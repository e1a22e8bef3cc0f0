import type { JobStatus } from '@tessera/module-sdk';
import type { ContactImport, ImportState } from './contact-import.entity';
import type { ImportMapping, ImportOptions } from './mapping/import-targets';

/** An import as the API answers it. */
export interface ImportView {
  readonly id: string;
  readonly state: ImportState;
  readonly fileName: string;
  readonly fileSize: number;
  readonly delimiter: string;
  readonly columns: readonly string[];
  /** Only before the import is started (`GET /contacts/imports/:id` and the upload's answer): the first rows. */
  readonly samples?: ReadonlyArray<readonly string[]>;
  /** Only before the import is started: a first mapping, by header names and custom-field labels. */
  readonly suggestedMapping?: ImportMapping;
  readonly mapping: ImportMapping | null;
  readonly options: ImportOptions | null;
  /** `GET /api/v1/jobs/:jobId` shows the job itself. */
  readonly jobId: string | null;
  readonly counts: {
    /** Data rows of the file (the header excluded); known once the job has read the file. */
    readonly total: number | null;
    readonly processed: number;
    readonly created: number;
    readonly updated: number;
    readonly skipped: number;
    readonly failed: number;
  };
  readonly progress: { readonly percent: number; readonly rowsDone: number; readonly rowsTotal: number | null };
  readonly error: { readonly code: string; readonly message: string } | null;
  /** The error report is ready at `GET /contacts/imports/:id/errors`. */
  readonly reportAvailable: boolean;
  readonly createdBy: string | null;
  readonly startedBy: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

const iso = (date: Date | null) => (date ? new Date(date).toISOString() : null);

/**
 * The view of an import. A job whose last attempt failed for a reason the job could not record itself (the
 * database was gone) shows through: the import is `failed` with the job's error code.
 */
export function importView(
  row: ContactImport,
  extra: { preview?: Pick<ImportView, 'samples' | 'suggestedMapping'>; job?: JobStatus | null } = {},
): ImportView {
  const jobFailed = (row.state === 'queued' || row.state === 'running') && (extra.job?.state === 'failed' || extra.job?.state === 'dead-lettered');
  const state: ImportState = jobFailed ? 'failed' : row.state;
  const error = row.errorCode ? { code: row.errorCode, message: row.errorMessage ?? '' } : jobFailed && extra.job?.error ? extra.job.error : null;
  const total = row.totalRows;
  return {
    id: row.id,
    state,
    fileName: row.fileName,
    fileSize: Number(row.fileSize),
    delimiter: row.delimiter,
    columns: row.columns,
    ...(extra.preview ?? {}),
    mapping: row.mapping,
    options: row.options,
    jobId: row.jobId,
    counts: { total, processed: row.processedRows, created: row.createdCount, updated: row.updatedCount, skipped: row.skippedCount, failed: row.failedCount },
    progress: {
      percent: row.state === 'completed' ? 100 : total ? Math.floor((row.processedRows * 1000) / total) / 10 : 0,
      rowsDone: row.processedRows,
      rowsTotal: total,
    },
    error,
    reportAvailable: row.state === 'completed' && row.reportFileId !== null,
    createdBy: row.createdBy,
    startedBy: row.startedBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
  };
}
