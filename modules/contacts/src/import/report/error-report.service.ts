import { Inject, Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { FILE_STORE, type FileStore, type StoredFile } from '@tessera/module-sdk';
import { csvRecords, type CsvRecord } from '../csv/csv-records';
import { ImportRows } from '../import-rows.service';
import type { RowError } from '../rows/row-errors';
import { formulaSafe } from '../../csv/csv-conventions';

/** Extra columns of the report, after the file's own. */
export const REPORT_COLUMNS = ['Import row', 'Import error columns', 'Import error codes', 'Import errors'] as const;

const PAGE = 500;

export interface ReportSource {
  readonly importId: string;
  readonly fileId: string;
  readonly fileName: string;
  readonly delimiter: string;
  readonly columns: readonly string[];
  readonly maxRecordSize: number;
}

/**
 * Writes an import's error report into the file store: the header of the file plus the report columns, then
 * every failed row with its original values and its errors (row number, columns, codes, messages joined by
 * " | "). Streamed end to end: the original file is read again and merged, in row order, with the failed rows
 * read a page at a time; nothing is held but a page of errors and one record. Every cell is formula-safe; the
 * file starts with a UTF-8 BOM so spreadsheets read its accents right, and it can be corrected and imported
 * again (the report columns are simply left unmapped).
 */
@Injectable()
export class ErrorReport {
  constructor(
    private readonly rows: ImportRows,
    @Inject(FILE_STORE) private readonly files: FileStore,
  ) {}

  async write(source: ReportSource, failed: number): Promise<StoredFile> {
    return this.files.write({ name: reportName(source.fileName), contentType: 'text/csv; charset=utf-8', content: this.lines(source, failed) });
  }

  /** Pulled by the file store's write: every query runs in turn on the unit of work's connection. */
  private async *lines(source: ReportSource, failed: number): AsyncGenerator<string> {
    yield `\uFEFF${line([...source.columns, ...REPORT_COLUMNS])}`;
    if (failed === 0) return;
    for await (const { record, errors } of this.failedRecords(source)) {
      const cells = source.columns.map((_, i) => record.cells[i] ?? '');
      yield line([...cells, String(record.row), joined(errors, (e) => e.column ?? ''), joined(errors, (e) => e.code), joined(errors, (e) => (e.field ? `${e.field}: ${e.message}` : e.message))]);
    }
  }

  /** The failed records of the file with their errors: a merge of the file (in order) and the failed rows (in order). */
  private async *failedRecords(source: ReportSource): AsyncGenerator<{ record: CsvRecord; errors: readonly RowError[] }> {
    let page = await this.rows.failedAfter(source.importId, 1, PAGE);
    let index = 0;
    for await (const record of csvRecords(this.files.read(source.fileId), { delimiter: source.delimiter, maxRecordSize: source.maxRecordSize })) {
      if (index >= page.length) {
        if (page.length < PAGE) return;
        page = await this.rows.failedAfter(source.importId, page.at(-1)!.row, PAGE);
        index = 0;
        if (page.length === 0) return;
      }
      const next = page[index]!;
      if (record.row === next.row) {
        index += 1;
        yield { record, errors: next.errors };
      }
    }
  }
}

const line = (cells: readonly string[]): string => stringify([cells.map(formulaSafe)], { record_delimiter: '\r\n' });
const joined = (errors: readonly RowError[], part: (error: RowError) => string) => errors.map(part).join(' | ');

function reportName(fileName: string): string {
  const base = fileName.replace(/\.csv$/i, '').slice(0, 200);
  return `${base}-errors.csv`;
}
