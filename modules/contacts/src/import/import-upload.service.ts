import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, FILE_STORE, MODULE_CONFIG, RequestContext, TesseraError, type FileStore, type StoredFile, type UploadedBodyStream } from '@tessera/module-sdk';
import type { ContactsConfig } from '../contacts.config';
import { ContactImport } from './contact-import.entity';
import { readHead } from './csv/csv-head';
import type { UploadImportQuery } from './import.dto';
import { maxRecordSize } from './import-limits';
import { ImportReader, SAMPLE_ROWS } from './import-reader.service';
import type { ImportView } from './import-view';

const tooLarge = (maxBytes: number) =>
  new TesseraError('payload-too-large', 'IMPORT_FILE_TOO_LARGE', `The file is larger than ${maxBytes} bytes, the most an import takes (CONTACTS_IMPORT_MAX_BYTES): split it into several imports.`, {
    maxBytes,
  });

/**
 * Stores an uploaded CSV file (streamed into the file store, never held in memory) and reads its header and
 * first rows. All in the request's transaction: a refused file (too large, not CSV, a bad header) leaves
 * neither a file nor an import behind.
 */
@Injectable()
export class ImportUpload {
  constructor(
    private readonly em: EntityManager,
    private readonly reader: ImportReader,
    @Inject(FILE_STORE) private readonly files: FileStore,
    @Inject(MODULE_CONFIG) private readonly config: ContactsConfig,
  ) {}

  async upload(body: UploadedBodyStream, query: UploadImportQuery): Promise<ImportView> {
    const maxBytes = this.config.importMaxBytes;
    // An announced oversize body is refused before a byte of it is read (or stored).
    if (body.contentLength !== null && body.contentLength > maxBytes) throw tooLarge(maxBytes);
    let file: StoredFile;
    try {
      file = await this.files.write({ name: query.filename ?? 'contacts.csv', contentType: 'text/csv; charset=utf-8', content: body, maxBytes });
    } catch (error) {
      if (error instanceof TesseraError && error.code === 'FILE_TOO_LARGE') throw tooLarge((error.details as { maxBytes?: number } | undefined)?.maxBytes ?? maxBytes);
      throw error;
    }
    const head = await readHead(this.files.read(file.id), {
      delimiter: query.delimiter,
      maxColumns: this.config.importMaxColumns,
      maxRecordSize: maxRecordSize(this.config),
      samples: SAMPLE_ROWS,
    });
    const row = Object.assign(new ContactImport(), {
      fileId: file.id,
      fileName: file.name,
      fileSize: file.size,
      delimiter: head.delimiter,
      columns: [...head.columns],
      createdBy: RequestContext.current()?.principal?.id ?? null,
    });
    await this.em.persist(row).flush();
    return this.reader.view(row, head.samples);
  }
}
