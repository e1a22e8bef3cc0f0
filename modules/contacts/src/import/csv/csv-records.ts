import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse, type CsvError } from 'csv-parse';
import { TesseraError } from '@tessera/module-sdk';

/** One record of a CSV file; `row` counts records as a spreadsheet shows them (the header is row 1). */
export interface CsvRecord {
  readonly row: number;
  readonly cells: readonly string[];
}

export interface CsvReadOptions {
  readonly delimiter: string;
  /** Largest record in characters before parsing stops (a guard against a runaway quoted field). */
  readonly maxRecordSize: number;
}

/** The refusal of a file that is not CSV csv-parse can read (unclosed quote, a record over the size guard). */
export class CsvSyntaxError extends TesseraError {
  constructor(
    readonly line: number | null,
    reason: string,
  ) {
    super('validation', 'IMPORT_CSV_INVALID', `The file is not valid CSV${line ? ` at line ${line}` : ''}: ${reason}`, { line, reason });
    this.name = 'CsvSyntaxError';
  }
}

const isCsvError = (error: unknown): error is CsvError => {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('CSV_');
};

function syntaxError(error: CsvError): CsvSyntaxError {
  const line = typeof (error as { lines?: unknown }).lines === 'number' ? (error as unknown as { lines: number }).lines : null;
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new CsvSyntaxError(line, 'a quoted value is never closed (a " is missing).');
    case 'CSV_MAX_RECORD_SIZE':
      return new CsvSyntaxError(line, 'a row is longer than the import accepts (check the delimiter and the quotes, or split the file).');
    case 'CSV_INVALID_CLOSING_QUOTE':
      return new CsvSyntaxError(line, 'a quoted value is followed by something other than a delimiter or the end of the row.');
    default:
      return new CsvSyntaxError(line, error.message);
  }
}

/**
 * Streams the records of a CSV file with csv-parse (its stream API): BOM removed, quoted newlines and escaped
 * quotes handled, rows of any length (column counts are the caller's business), quotes inside unquoted values
 * kept as text. Memory: one record plus the parser's buffer. Stopping early (a `break`) releases the source.
 */
export async function* csvRecords(source: AsyncIterable<Buffer | string>, options: CsvReadOptions): AsyncGenerator<CsvRecord> {
  const parser = parse({
    bom: true,
    delimiter: options.delimiter,
    relax_column_count: true,
    relax_quotes: true,
    max_record_size: options.maxRecordSize,
  });
  const input = Readable.from(source, { objectMode: false });
  let failure: unknown;
  const feeding = pipeline(input, parser).catch((error: unknown) => {
    failure = error;
  });
  let row = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      row += 1;
      yield { row, cells };
    }
  } catch (error) {
    throw isCsvError(error) ? syntaxError(error) : error;
  } finally {
    parser.destroy();
    input.destroy();
    await feeding;
  }
  if (failure !== undefined) throw isCsvError(failure) ? syntaxError(failure) : failure;
}
