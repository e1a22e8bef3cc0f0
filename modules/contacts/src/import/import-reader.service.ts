import { LockMode } from '@mikro-orm/core';
import { Inject, Injectable } from '@nestjs/common';
import { CUSTOM_FIELDS, type CustomFields } from '@tessera/custom-fields';
import { EntityManager, FILE_STORE, JOB_QUEUE, MODULE_CONFIG, NotFoundError, TesseraError, type FileStore, type JobQueue, type JobStatus } from '@tessera/module-sdk';
import type { ContactsConfig } from '../contacts.config';
import { CONTACT_TARGET } from '../contacts/contact-target';
import { ContactImport } from './contact-import.entity';
import { readHead } from './csv/csv-head';
import type { ListImportsQuery } from './import.dto';
import { maxRecordSize } from './import-limits';
import { importView, type ImportView } from './import-view';
import type { Delimiter } from './mapping/import-targets';
import { suggestMapping } from './mapping/suggest-mapping';

export const SAMPLE_ROWS = 5;

/** Imports of the tenant, and their views. */
@Injectable()
export class ImportReader {
  constructor(
    private readonly em: EntityManager,
    @Inject(FILE_STORE) private readonly files: FileStore,
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
    @Inject(CUSTOM_FIELDS) private readonly customFields: CustomFields,
    @Inject(MODULE_CONFIG) private readonly config: ContactsConfig,
  ) {}

  async find(id: string, options: { lock?: boolean } = {}): Promise<ContactImport> {
    const row = await this.em.findOne(ContactImport, { id }, options.lock ? { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true } : {});
    if (!row) throw new NotFoundError('IMPORT_NOT_FOUND', `Import ${id} was not found.`);
    return row;
  }

  /** One import: before it is started, with sample rows (read from the stored file) and a suggested mapping. */
  async view(row: ContactImport, samples?: ReadonlyArray<readonly string[]>): Promise<ImportView> {
    if (row.state !== 'uploaded') return importView(row, { job: await this.jobOf(row) });
    const fields = await this.customFields.forTarget(CONTACT_TARGET);
    return importView(row, { preview: { samples: samples ?? (await this.samplesOf(row)), suggestedMapping: suggestMapping(row.columns, fields.fields) } });
  }

  /** Newest first; keyset on the (time-ordered) id. */
  async list(query: ListImportsQuery): Promise<{ data: ImportView[]; nextCursor: string | null }> {
    const rows = await this.em.find(ContactImport, query.cursor ? { id: { $lt: query.cursor } } : {}, { orderBy: { id: 'desc' }, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    const data: ImportView[] = [];
    for (const row of page) data.push(importView(row, { job: await this.jobOf(row) }));
    return { data, nextCursor: rows.length > query.limit ? page.at(-1)!.id : null };
  }

  private async samplesOf(row: ContactImport): Promise<ReadonlyArray<readonly string[]>> {
    try {
      const head = await readHead(this.files.read(row.fileId), { delimiter: row.delimiter as Delimiter, maxColumns: Number.MAX_SAFE_INTEGER, maxRecordSize: maxRecordSize(this.config), samples: SAMPLE_ROWS });
      return head.samples;
    } catch (error) {
      if (error instanceof TesseraError && error.code === 'FILE_NOT_FOUND') return []; // expired: the start says so
      throw error;
    }
  }

  /** The job of a started import that has not finished (its failure shows through); null when it is gone. */
  private async jobOf(row: ContactImport): Promise<JobStatus | null> {
    if (!row.jobId || (row.state !== 'queued' && row.state !== 'running')) return null;
    try {
      return await this.jobs.status(row.jobId);
    } catch (error) {
      if (error instanceof TesseraError && error.code === 'JOB_NOT_FOUND') return null;
      throw error;
    }
  }
}
