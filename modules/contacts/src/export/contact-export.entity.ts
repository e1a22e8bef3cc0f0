import { BigIntType } from '@mikro-orm/core';
import { Entity, Property, TenantOwnedEntity } from '@tessera/module-sdk';
import type { ContactFilter } from '../list/list-contacts.dto';

export type ContactExportStatus = 'queued' | 'running' | 'completed' | 'failed';

/**
 * One CSV export: what was asked (filter and columns, captured at request time with the requester's
 * readable custom fields), by whom, and what came out (the file in the module's file store). The columns
 * are the requester's view of the contacts: others see the export only if it shows nothing hidden from them.
 */
@Entity({ tableName: 'contact_exports' })
export class ContactExport extends TenantOwnedEntity {
  @Property({ type: 'text' })
  status: ContactExportStatus = 'queued';

  /** The principal id (user or API key) that asked for it. */
  @Property({ type: 'text', fieldName: 'requested_by' })
  requestedBy!: string;

  @Property({ type: 'text', fieldName: 'idempotency_key', nullable: true })
  idempotencyKey: string | null = null;

  /** The validated filter, as the list takes it. */
  @Property({ type: 'json' })
  filter!: ContactFilter;

  /** Column keys in order: standard fields and `customFields.<key>` of fields the requester could read. */
  @Property({ type: 'json' })
  columns!: string[];

  @Property({ type: 'text', fieldName: 'job_id', nullable: true })
  jobId: string | null = null;

  @Property({ type: 'integer', fieldName: 'row_count', nullable: true })
  rowCount: number | null = null;

  @Property({ type: 'uuid', fieldName: 'file_id', nullable: true })
  fileId: string | null = null;

  @Property({ type: new BigIntType('number'), fieldName: 'file_size', nullable: true })
  fileSize: number | null = null;

  @Property({ type: 'datetime', fieldName: 'file_expires_at', nullable: true })
  fileExpiresAt: Date | null = null;

  @Property({ type: 'text', fieldName: 'error_code', nullable: true })
  errorCode: string | null = null;

  @Property({ type: 'text', fieldName: 'error_message', nullable: true })
  errorMessage: string | null = null;

  @Property({ type: 'datetime', fieldName: 'started_at', nullable: true })
  startedAt: Date | null = null;

  @Property({ type: 'datetime', fieldName: 'completed_at', nullable: true })
  completedAt: Date | null = null;
}
