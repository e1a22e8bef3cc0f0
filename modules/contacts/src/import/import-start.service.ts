import { Inject, Injectable } from '@nestjs/common';
import { CUSTOM_FIELDS, type CustomFields } from '@tessera/custom-fields';
import { ConflictError, EntityManager, FILE_STORE, JOB_QUEUE, MODULE_CONFIG, RequestContext, TesseraError, ValidationError, type FileStore, type JobQueue } from '@tessera/module-sdk';
import type { ContactsConfig } from '../contacts.config';
import { CONTACT_TARGET } from '../contacts/contact-target';
import type { ContactImport } from './contact-import.entity';
import { readHead } from './csv/csv-head';
import type { StartImportInput } from './import.dto';
import { maxRecordSize } from './import-limits';
import { ImportReader } from './import-reader.service';
import type { ImportView } from './import-view';
import { importContactsCsv } from './job/import-contacts.job';
import type { ImportMapping, ImportOptions } from './mapping/import-targets';
import { mappingProblems } from './mapping/mapping-check';

/** JSON with sorted object keys, to compare two starts. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v));

const mapped = (mapping: StartImportInput['mapping']): ImportMapping => Object.fromEntries(Object.entries(mapping).filter(([, target]) => target !== null));

/**
 * Starts an import: checks the mapping against the file's columns and the custom-fields contract (as the
 * caller), records it with the caller's tenant roles, and enqueues the job (through the outbox: it runs once
 * this request has committed). Idempotent: the import row is locked, so a second start (a retry, a double
 * click, a replayed `Idempotency-Key`) answers the job of the first one; a start with another mapping is
 * refused instead of silently ignored.
 */
@Injectable()
export class ImportStart {
  constructor(
    private readonly em: EntityManager,
    private readonly reader: ImportReader,
    @Inject(FILE_STORE) private readonly files: FileStore,
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
    @Inject(CUSTOM_FIELDS) private readonly customFields: CustomFields,
    @Inject(MODULE_CONFIG) private readonly config: ContactsConfig,
  ) {}

  async start(id: string, input: StartImportInput, idempotencyKey: string | undefined): Promise<ImportView> {
    // The custom-field lock before the row lock, as every contacts write takes them.
    const fields = await this.customFields.forTarget(CONTACT_TARGET);
    const row = await this.reader.find(id, { lock: true });
    if (row.jobId) return this.again(row, input, idempotencyKey);
    if (!(await this.files.stat(row.fileId))) {
      throw new TesseraError('gone', 'IMPORT_FILE_EXPIRED', 'The uploaded file is no longer stored (uploads expire after a few days): upload it again.');
    }
    const delimiter = input.options.delimiter ?? row.delimiter;
    if (delimiter !== row.delimiter) {
      const head = await readHead(this.files.read(row.fileId), { delimiter: input.options.delimiter, maxColumns: this.config.importMaxColumns, maxRecordSize: maxRecordSize(this.config), samples: 0 });
      row.columns = [...head.columns];
      row.delimiter = head.delimiter;
    }
    const problems = await mappingProblems(row.columns, input.mapping, fields);
    if (problems.length > 0) throw new ValidationError(problems, 'The mapping cannot be used with this file.');

    const principal = RequestContext.current()?.principal;
    row.mapping = mapped(input.mapping);
    row.options = { ...input.options, delimiter: row.delimiter } as ImportOptions;
    row.startedRoles = [...(principal?.roles ?? [])].sort();
    row.startedBy = principal?.id ?? null;
    row.startKey = idempotencyKey ?? null;
    row.state = 'queued';
    const job = await this.jobs.enqueue(importContactsCsv, { importId: row.id }, { idempotencyKey: idempotencyKey ? `${row.id}:${idempotencyKey}` : row.id });
    row.jobId = job.id;
    await this.em.flush();
    return this.reader.view(row);
  }

  /** A start of an import that was started already: the same job for the same request, otherwise a refusal. */
  private async again(row: ContactImport, input: StartImportInput, idempotencyKey: string | undefined): Promise<ImportView> {
    const same =
      (idempotencyKey !== undefined && idempotencyKey === row.startKey) ||
      canonical({ mapping: mapped(input.mapping), options: { ...input.options, delimiter: input.options.delimiter ?? row.delimiter } }) === canonical({ mapping: row.mapping, options: row.options });
    if (same) return this.reader.view(row);
    throw new ConflictError('IMPORT_ALREADY_STARTED', `Import ${row.id} was already started with another mapping or options (job ${row.jobId}): upload the file again to import it differently.`, {
      jobId: row.jobId,
    });
  }
}
