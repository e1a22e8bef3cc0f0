import { TesseraError } from '@tessera/module-sdk';
import type { Delimiter } from '../mapping/import-targets';
import { csvRecords } from './csv-records';
import { detectDelimiter } from './detect-delimiter';

/** What the first records of a file say: its delimiter, its columns and a few sample rows. */
export interface CsvHead {
  readonly delimiter: Delimiter;
  readonly columns: readonly string[];
  readonly samples: ReadonlyArray<readonly string[]>;
}

export interface HeadOptions {
  /** The delimiter to read with; detected from the first record when omitted. */
  readonly delimiter?: Delimiter;
  readonly maxColumns: number;
  readonly maxRecordSize: number;
  /** Sample rows to return (blank rows are not samples). */
  readonly samples: number;
}

export const MAX_COLUMN_NAME_LENGTH = 200;
/** Sample cells are cut to this many characters: a preview, not the data. */
const SAMPLE_CELL_LENGTH = 200;

/** Byte order marks of UTF-16 and UTF-32: files saved as "Unicode text" rather than CSV UTF-8. */
function notUtf8(first: Buffer): boolean {
  return (first[0] === 0xff && first[1] === 0xfe) || (first[0] === 0xfe && first[1] === 0xff) || (first[0] === 0 && first[1] === 0 && first[2] === 0xfe);
}

async function* prepend(first: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  try {
    yield first;
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
  } finally {
    await rest.return?.();
  }
}

/**
 * Reads the header and the first rows of a stored CSV file (stops there: the rest of the file is not read).
 * Refuses, as 400s a client can act on, a file that is empty, not UTF-8, has too many columns, an empty or
 * over-long column name or two columns of one name (mappings name columns).
 */
export async function readHead(content: AsyncIterable<Buffer>, options: HeadOptions): Promise<CsvHead> {
  const chunks = content[Symbol.asyncIterator]();
  const first = await chunks.next();
  if (first.done || first.value.length === 0) {
    await chunks.return?.();
    throw new TesseraError('validation', 'IMPORT_CSV_EMPTY', 'The file is empty: it needs a header row naming its columns, then one row per contact.');
  }
  if (notUtf8(first.value)) {
    await chunks.return?.();
    throw new TesseraError('validation', 'IMPORT_CSV_ENCODING', 'The file is UTF-16 or UTF-32 text: save it as "CSV UTF-8" and upload it again.');
  }
  const delimiter = options.delimiter ?? detectDelimiter(first.value.subarray(0, 64 * 1024).toString('utf8').replace(/^\uFEFF/, ''));
  let columns: string[] | undefined;
  const samples: string[][] = [];
  for await (const record of csvRecords(prepend(first.value, chunks), { delimiter, maxRecordSize: options.maxRecordSize })) {
    if (!columns) {
      columns = checkedColumns(record.cells, options.maxColumns);
      if (options.samples === 0) break;
      continue;
    }
    if (record.cells.every((cell) => cell.trim() === '')) continue;
    samples.push(columns.map((_, i) => (record.cells[i] ?? '').slice(0, SAMPLE_CELL_LENGTH)));
    if (samples.length >= options.samples) break;
  }
  if (!columns) throw new TesseraError('validation', 'IMPORT_CSV_EMPTY', 'The file has no header row.');
  return { delimiter, columns, samples };
}

/** Column names, trimmed; refuses what a mapping could not name unambiguously. */
export function checkedColumns(cells: readonly string[], maxColumns: number): string[] {
  if (cells.length > maxColumns) {
    throw new TesseraError('validation', 'IMPORT_TOO_MANY_COLUMNS', `The file has ${cells.length} columns; an import takes at most ${maxColumns} (CONTACTS_IMPORT_MAX_COLUMNS).`, {
      columns: cells.length,
      maxColumns,
    });
  }
  const columns = cells.map((cell) => cell.trim());
  // Spreadsheets often save empty cells after the last named column: those columns are not imported.
  while (columns.length > 0 && columns.at(-1) === '') columns.pop();
  if (columns.length === 0) {
    throw new TesseraError('validation', 'IMPORT_CSV_NO_HEADER', 'The first row is empty: it must name the columns (e.g. "First name,Last name,Email").');
  }
  const problems = columns.flatMap((column, index) => {
    const at = `columns.${index}`;
    if (column === '') return [{ field: at, message: `column ${index + 1} has no name in the header row: give it one (or delete the column).` }];
    if (column.length > MAX_COLUMN_NAME_LENGTH) return [{ field: at, message: `the name of column ${index + 1} is longer than ${MAX_COLUMN_NAME_LENGTH} characters.` }];
    const first = columns.indexOf(column);
    return first < index ? [{ field: at, message: `column ${index + 1} has the same name as column ${first + 1} ("${column}"): give each column its own name.` }] : [];
  });
  if (problems.length > 0) {
    throw new TesseraError('validation', 'IMPORT_CSV_HEADER_INVALID', `The header row cannot be used: ${problems.map((p) => p.message).join(' ')}`, problems);
  }
  return columns;
}
