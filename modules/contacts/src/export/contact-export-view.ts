import type { ContactFilter } from '../list/list-contacts.dto';
import type { ContactExport, ContactExportStatus } from './contact-export.entity';

/** An export as the API answers it. */
export interface ContactExportView {
  readonly id: string;
  readonly status: ContactExportStatus;
  /** `GET /api/v1/jobs/{jobId}` shows the job itself. */
  readonly jobId: string | null;
  readonly filter: ContactFilter;
  readonly columns: readonly string[];
  /** While the job runs: how far it is (from the job). */
  readonly progress: { readonly percent: number; readonly message: string | null } | null;
  readonly rowCount: number | null;
  /** Bytes of the CSV file. */
  readonly fileSize: number | null;
  /** When the file is deleted (downloads answer 410 after). */
  readonly expiresAt: string | null;
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly completedAt: string | null;
}

export interface ExportOverlay {
  readonly status?: ContactExportStatus;
  readonly progress?: ContactExportView['progress'];
  readonly error?: ContactExportView['error'];
}

export function contactExportView(record: ContactExport, overlay: ExportOverlay = {}): ContactExportView {
  return {
    id: record.id,
    status: overlay.status ?? record.status,
    jobId: record.jobId,
    filter: record.filter,
    columns: record.columns,
    progress: overlay.progress ?? (record.status === 'completed' ? { percent: 100, message: `${record.rowCount} contacts exported` } : null),
    rowCount: record.rowCount,
    fileSize: record.fileSize,
    expiresAt: record.fileExpiresAt?.toISOString() ?? null,
    error: overlay.error ?? (record.errorCode ? { code: record.errorCode, message: record.errorMessage ?? '' } : null),
    createdAt: record.createdAt.toISOString(),
    startedAt: record.startedAt?.toISOString() ?? null,
    completedAt: record.completedAt?.toISOString() ?? null,
  };
}
