import { Inject, Injectable, type StreamableFile } from '@nestjs/common';
import { CUSTOM_FIELDS, type CustomFields } from '@tessera/custom-fields';
import {
  AUDIT_LOG,
  ConflictError,
  EntityManager,
  hasPermissions,
  FILE_STORE,
  fileDownload,
  JOB_QUEUE,
  MODULE_CONFIG,
  NotFoundError,
  RequestContext,
  TesseraError,
  type AuditLog,
  type FileStore,
  type JobQueue,
} from '@tessera/module-sdk';
import type { ContactsConfig } from '../contacts.config';
import { CONTACT_TARGET } from '../contacts/contact-target';
import { normalizePhone } from '../contacts/phone-numbers';
import { requireTrashAccess } from '../contacts/trash-access';
import { contactFilterConditions } from '../list/contact-filters';
import type { ContactFilter } from '../list/list-contacts.dto';
import type { StartContactExportInput } from './contact-export.dto';
import { ContactExport } from './contact-export.entity';
import { contactExportView, type ContactExportView, type ExportOverlay } from './contact-export-view';
import { exportContacts } from './export-contacts.job';
import { chooseColumns, CUSTOM_COLUMN_PREFIX } from './export-columns';

/** JSON with object keys sorted: jsonb does not keep key order, and a replay compares requests. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));

/**
 * Starting, following and downloading CSV exports. Everything that depends on the requester is decided
 * here, at request time, with their permissions and field roles: the filter is validated (a 400 now, not
 * a failed job later), the trash needs `contacts.delete`, and the columns are the custom fields their roles
 * may read. An export is visible to its requester, and to other holders of `contacts.export` who could have
 * made it themselves (see `find`).
 */
@Injectable()
export class ContactExports {
  constructor(
    private readonly em: EntityManager,
    @Inject(CUSTOM_FIELDS) private readonly customFields: CustomFields,
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
    @Inject(FILE_STORE) private readonly files: FileStore,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
    @Inject(MODULE_CONFIG) private readonly config: ContactsConfig,
  ) {}

  /** A new export (`created: true`), or the one an earlier request with the same `Idempotency-Key` started. */
  async start(input: StartContactExportInput, idempotencyKey: string | undefined): Promise<{ view: ContactExportView; created: boolean }> {
    const requester = this.requester();
    if (input.filter.deleted === 'only') requireTrashAccess();
    const fields = await this.customFields.forTarget(CONTACT_TARGET);
    contactFilterConditions(input.filter, fields, this.config.defaultPhoneCountry, 'filter.');
    const columns = chooseColumns(input.columns, fields.fields, input.filter.deleted === 'only');
    const filter = this.stored(input.filter);

    const record = new ContactExport();
    const inserted = await this.em.execute<Array<{ id: string }>>(
      `INSERT INTO contact_exports (id, tenant_id, requested_by, idempotency_key, filter, columns, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?)
       ON CONFLICT (tenant_id, requested_by, idempotency_key) DO NOTHING RETURNING id`,
      [record.id, RequestContext.requireTenantId(), requester, idempotencyKey ?? null, JSON.stringify(filter), JSON.stringify(columns), record.createdAt, record.createdAt],
    );
    if (inserted.length === 0) return { view: await this.replay(requester, idempotencyKey!, filter, columns), created: false };

    // Through the outbox: the job reaches the queue once this request commits, with the row it refers to.
    const job = await this.jobs.enqueue(exportContacts, { exportId: record.id }, idempotencyKey ? { idempotencyKey: `${requester}:${idempotencyKey}` } : {});
    await this.em.execute('UPDATE contact_exports SET job_id = ? WHERE id = ?', [job.id, record.id]);
    return { view: contactExportView(await this.em.findOneOrFail(ContactExport, { id: record.id })), created: true };
  }

  async get(id: string): Promise<ContactExportView> {
    const record = await this.find(id);
    return contactExportView(record, await this.overlay(record));
  }

  /** The CSV as an attachment; 409 until the export has completed, 410 once its file has expired (or was erased). */
  async download(id: string): Promise<StreamableFile> {
    const record = await this.find(id);
    const view = contactExportView(record, await this.overlay(record));
    if (view.status === 'failed') throw new ConflictError('CONTACT_EXPORT_FAILED', `Export ${id} failed and has no file: start a new export.`, { status: view.status, error: view.error });
    if (view.status !== 'completed') {
      throw new ConflictError('CONTACT_EXPORT_NOT_READY', `Export ${id} is ${view.status}: download it once GET /contacts/exports/${id} says completed.`, { status: view.status, progress: view.progress });
    }
    // Expired, or deleted by an erasure.
    const file = record.fileId ? await this.files.stat(record.fileId) : null;
    if (!file || !record.fileId) throw new TesseraError('gone', 'CONTACT_EXPORT_EXPIRED', `The file of export ${id} has expired: start a new export.`, { expiresAt: view.expiresAt });
    await this.audit.record({ action: 'contacts.export-downloaded', target: { type: 'contact-export', id }, metadata: { rowCount: record.rowCount, fileSize: record.fileSize } });
    return fileDownload(this.files, record.fileId, { filename: file.name });
  }

  /**
   * An export of the tenant the caller may see: their own, or one they could have made themselves, that is
   * whose every custom-field column and filter they may read (and, for the trash, who hold `contacts.delete`),
   * so that seeing it shows them nothing their own export would not. Any other (another user's with fields
   * hidden from the caller, another tenant's) is a 404 like an unknown id.
   */
  private async find(id: string): Promise<ContactExport> {
    const record = await this.em.findOne(ContactExport, { id });
    if (!record || !(record.requestedBy === this.requester() || (await this.couldHaveMade(record)))) {
      throw new NotFoundError('CONTACT_EXPORT_NOT_FOUND', `Export ${id} was not found.`);
    }
    return record;
  }

  private async couldHaveMade(record: ContactExport): Promise<boolean> {
    const principal = RequestContext.current()!.principal!;
    if (record.filter.deleted === 'only' && !hasPermissions(principal, ['contacts.delete'])) return false;
    const readable = new Set((await this.customFields.forTarget(CONTACT_TARGET)).fields.map((field) => field.key));
    const columns = record.columns.filter((column) => column.startsWith(CUSTOM_COLUMN_PREFIX)).map((column) => column.slice(CUSTOM_COLUMN_PREFIX.length));
    return [...columns, ...Object.keys(record.filter.customFields ?? {})].every((key) => readable.has(key));
  }

  /** The filter as stored: a phone number in E.164 (its region applied), so the job and erasures see one form. */
  private stored(filter: ContactFilter): ContactFilter {
    if (!filter.phone) return filter;
    const phone = normalizePhone(filter.phone, filter.defaultCountry ?? this.config.defaultPhoneCountry);
    const { defaultCountry: _region, ...rest } = filter;
    return phone.ok ? { ...rest, phone: phone.number } : filter;
  }

  private async replay(requester: string, key: string, filter: ContactFilter, columns: readonly string[]): Promise<ContactExportView> {
    const existing = await this.em.findOneOrFail(ContactExport, { requestedBy: requester, idempotencyKey: key });
    if (canonical({ filter: existing.filter, columns: existing.columns }) !== canonical({ filter, columns })) {
      throw new ConflictError('CONTACT_EXPORT_KEY_REUSED', `The Idempotency-Key "${key}" was already used for another export request; use a new key for a new export.`, { exportId: existing.id });
    }
    return this.get(existing.id);
  }

  /** While the job has not finished the export, the job says how far it is, or that it died (dead-lettered). */
  private async overlay(record: ContactExport): Promise<ExportOverlay> {
    if (record.status === 'completed' || record.status === 'failed' || !record.jobId) return {};
    try {
      const job = await this.jobs.status(record.jobId);
      if (job.state === 'dead-lettered') return { status: 'failed', error: job.error ?? { code: 'CONTACT_EXPORT_FAILED', message: 'The export job failed.' } };
      return { progress: job.progress };
    } catch (error) {
      // Still in the outbox (the enqueuing request has just committed), or already removed from the queue.
      if (error instanceof TesseraError && error.code === 'JOB_NOT_FOUND') return {};
      throw error;
    }
  }

  private requester(): string {
    const principal = RequestContext.current()?.principal;
    if (!principal) throw new TesseraError('internal', 'PRINCIPAL_MISSING', 'An export route ran without an authenticated principal.');
    return principal.id;
  }
}
