import { Inject, Injectable } from '@nestjs/common';
import { CUSTOM_FIELDS, type CustomFields, type TargetCustomFields } from '@tessera/custom-fields';
import {
  AUDIT_LOG,
  EntityManager,
  FILE_STORE,
  MODULE_CONFIG,
  NonRetryableJobError,
  TesseraError,
  type AuditLog,
  type FileStore,
  type StoredFile,
} from '@tessera/module-sdk';
import type { ContactsConfig } from '../contacts.config';
import { ContactPages } from '../contacts/contact-pages.service';
import { CONTACT_TARGET } from '../contacts/contact-target';
import { contactFilterConditions } from '../list/contact-filters';
import type { ContactFilter } from '../list/list-contacts.dto';
import { ContactExport } from './contact-export.entity';
import { csvChunks } from './csv-chunks';
import { exportRecord } from './export-cells';
import { resolveColumns } from './export-columns';
import { asPlatform } from './platform-view';

/** Contacts read (and turned into CSV) per query: one page in memory, whatever the export's size. */
export const EXPORT_PAGE_SIZE = 500;

export interface ContactExportResult {
  readonly exportId: string;
  readonly rowCount: number;
  readonly fileId: string;
  readonly fileSize: number;
}

/** The email and phone filters name a person: the append-only audit log keeps that a value was given, not the value. */
function audited(filter: ContactFilter): Record<string, unknown> {
  return { ...filter, ...(filter.email ? { email: '[redacted]' } : {}), ...(filter.phone ? { phone: '[redacted]' } : {}) };
}

/**
 * The export job's work: keyset pages of contacts → CSV records → csv-stringify → the file store, one page
 * at a time (constant memory), then the export row and the audit entry, all in the step's transaction.
 */
@Injectable()
export class ContactExportWriter {
  constructor(
    private readonly em: EntityManager,
    private readonly pages: ContactPages,
    @Inject(CUSTOM_FIELDS) private readonly customFields: CustomFields,
    @Inject(FILE_STORE) private readonly files: FileStore,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
    @Inject(MODULE_CONFIG) private readonly config: ContactsConfig,
  ) {}

  /** Marks the export as running (its own step, so `GET /contacts/exports/{id}` shows it at once). */
  async start(exportId: string): Promise<void> {
    const record = await this.record(exportId);
    if (record.status === 'queued') {
      record.status = 'running';
      record.startedAt = new Date();
      await this.em.flush();
    }
  }

  /**
   * The target's field definitions, as the platform sees them (see `asPlatform`). Call it in a unit of work of
   * its own: the contract holds a shared lock on the definitions until the unit of work ends, and a custom-field
   * change would wait for the whole export. Compiling the filter and formatting values need no lock; a
   * definition changed meanwhile at worst fails the attempt (a cast), and the next one reads it again.
   */
  definitions(): Promise<TargetCustomFields> {
    return asPlatform(() => this.customFields.forTarget(CONTACT_TARGET));
  }

  async write(exportId: string, fields: TargetCustomFields, progress: (rows: number, total: number) => Promise<void>, signal: AbortSignal): Promise<ContactExportResult> {
    const record = await this.record(exportId);
    const where = contactFilterConditions(record.filter, fields, this.config.defaultPhoneCountry, 'filter.');
    const columns = resolveColumns(record.columns, fields.fields);
    const total = await this.pages.count(where);
    const pages = this.pages;
    let rows = 0;
    async function* records(): AsyncGenerator<string[][]> {
      yield [[...record.columns]];
      for await (const page of pages.pages(where, EXPORT_PAGE_SIZE)) {
        if (signal.aborted) throw new Error('export stopped: the job was released or timed out; the next attempt starts again');
        yield page.map((row) => exportRecord(row, columns));
        rows += page.length;
        await progress(rows, Math.max(rows, total));
      }
    }
    const file = await this.store(record, csvChunks(records()));

    record.status = 'completed';
    record.rowCount = rows;
    record.fileId = file.id;
    record.fileSize = file.size;
    record.fileExpiresAt = file.expiresAt ? new Date(file.expiresAt) : null;
    record.completedAt = new Date();
    await this.em.flush();
    await this.audit.record({
      action: 'contacts.exported',
      target: { type: 'contact-export', id: record.id },
      metadata: { filter: audited(record.filter), columns: record.columns, rowCount: rows, fileSize: file.size },
    });
    return { exportId: record.id, rowCount: rows, fileId: file.id, fileSize: file.size };
  }

  /** After the last attempt (or a failure no attempt can fix): the export says why, in its own unit of work. */
  async fail(exportId: string, error: unknown): Promise<void> {
    const record = await this.em.findOne(ContactExport, { id: exportId });
    if (!record || record.status === 'completed') return;
    record.status = 'failed';
    const expected = error instanceof TesseraError && error.kind !== 'internal';
    record.errorCode = expected ? error.code : 'CONTACT_EXPORT_FAILED';
    record.errorMessage = expected ? error.message : 'The export failed unexpectedly. Start a new export; quote the export id if it fails again.';
    record.completedAt = new Date();
    await this.em.flush();
  }

  private async record(exportId: string): Promise<ContactExport> {
    const record = await this.em.findOne(ContactExport, { id: exportId });
    if (!record) throw new NonRetryableJobError('CONTACT_EXPORT_GONE', `Export ${exportId} no longer exists.`);
    return record;
  }

  private async store(record: ContactExport, content: AsyncIterable<Buffer>): Promise<StoredFile> {
    try {
      return await this.files.write({ name: `contacts-${record.createdAt.toISOString().slice(0, 10)}.csv`, contentType: 'text/csv; charset=utf-8', content });
    } catch (error) {
      if (error instanceof TesseraError && error.code === 'FILE_TOO_LARGE') {
        throw new NonRetryableJobError('CONTACT_EXPORT_TOO_LARGE', 'The CSV is larger than the file store accepts: export fewer contacts or columns (narrow the filter).', error.details);
      }
      throw error;
    }
  }
}
