import { Entity, Property, TenantOwnedEntity } from '@tessera/module-sdk';
import type { ImportMapping, ImportOptions } from './mapping/import-targets';

/** Where an import is in its life. `failed` is also derived from the job when its last attempt failed. */
export type ImportState = 'uploaded' | 'queued' | 'running' | 'completed' | 'failed';

/**
 * One CSV import: its upload (a file of the contacts module in the platform's file store), the columns of its
 * header, and once started the mapping, options, the job and the counters. The counters are updated in the
 * transaction of each batch, so they always match the rows recorded in `contact_import_rows`.
 */
@Entity({ tableName: 'contact_imports' })
export class ContactImport extends TenantOwnedEntity {
  @Property({ type: 'uuid', fieldName: 'file_id' })
  fileId!: string;

  @Property({ type: 'text', fieldName: 'file_name' })
  fileName!: string;

  @Property({ type: 'integer', fieldName: 'file_size' })
  fileSize!: number;

  @Property({ type: 'text' })
  delimiter!: string;

  @Property({ type: 'json' })
  columns!: string[];

  @Property({ type: 'text' })
  state: ImportState = 'uploaded';

  @Property({ type: 'json', nullable: true })
  mapping: ImportMapping | null = null;

  @Property({ type: 'json', nullable: true })
  options: ImportOptions | null = null;

  @Property({ type: 'text', fieldName: 'job_id', nullable: true })
  jobId: string | null = null;

  /** The `Idempotency-Key` of the start request, when it had one. */
  @Property({ type: 'text', fieldName: 'start_key', nullable: true })
  startKey: string | null = null;

  /** The starting principal's tenant roles (verified, from the request): what custom fields the job may write. */
  @Property({ type: 'json', fieldName: 'started_roles', nullable: true })
  startedRoles: string[] | null = null;

  @Property({ type: 'text', fieldName: 'created_by', nullable: true })
  createdBy: string | null = null;

  @Property({ type: 'text', fieldName: 'started_by', nullable: true })
  startedBy: string | null = null;

  @Property({ type: 'integer', fieldName: 'total_rows', nullable: true })
  totalRows: number | null = null;

  @Property({ type: 'integer', fieldName: 'processed_rows' })
  processedRows = 0;

  @Property({ type: 'integer', fieldName: 'created_count' })
  createdCount = 0;

  @Property({ type: 'integer', fieldName: 'updated_count' })
  updatedCount = 0;

  @Property({ type: 'integer', fieldName: 'skipped_count' })
  skippedCount = 0;

  @Property({ type: 'integer', fieldName: 'failed_count' })
  failedCount = 0;

  @Property({ type: 'uuid', fieldName: 'report_file_id', nullable: true })
  reportFileId: string | null = null;

  @Property({ type: 'text', fieldName: 'error_code', nullable: true })
  errorCode: string | null = null;

  @Property({ type: 'text', fieldName: 'error_message', nullable: true })
  errorMessage: string | null = null;

  @Property({ type: 'datetime', fieldName: 'started_at', nullable: true })
  startedAt: Date | null = null;

  @Property({ type: 'datetime', fieldName: 'finished_at', nullable: true })
  finishedAt: Date | null = null;
}
