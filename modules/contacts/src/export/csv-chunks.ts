import { once } from 'node:events';
import { stringify, type Options } from 'csv-stringify';

/**
 * RFC 4180 CSV for spreadsheets: CRLF line ends, fields quoted when they hold a comma, a quote or any line
 * break (`quote_record_delimiter`: with CRLF records csv-stringify would otherwise leave a lone `\n`
 * unquoted), and a UTF-8 byte order mark so Excel reads accents right.
 *
 * CSV (formula) injection: `escape_formulas` prefixes with `'` every cell that starts with `=`, `+`, `-`,
 * `@`, a tab or a carriage return, which a spreadsheet would otherwise evaluate (`=HYPERLINK(...)`,
 * `+cmd|...`); spreadsheets show the quote-prefixed cell as text (OWASP's advice). So an E.164 phone number
 * reads `'+442071838750`: an importer strips one leading `'` before those characters.
 */
export const CSV_OPTIONS: Options = { bom: true, record_delimiter: 'windows', quote_record_delimiter: true, escape_formulas: true };

/**
 * CSV text of `pages` of records, through csv-stringify's stream API, pulled page by page: the next page is
 * read only once the consumer (the file store writing chunks) has taken the text of the previous one. So
 * memory holds one page of records and its text, whatever the number of pages, and the reads of the source
 * never run concurrently with the consumer's writes on the same database connection.
 */
export async function* csvChunks(pages: AsyncIterable<ReadonlyArray<readonly string[]>>, options: Options = CSV_OPTIONS): AsyncGenerator<Buffer> {
  const stringifier = stringify(options);
  const ready: Buffer[] = [];
  let failure: Error | undefined;
  stringifier.on('data', (chunk: Buffer) => ready.push(chunk));
  stringifier.on('error', (error: Error) => {
    failure = error;
  });
  const ended = once(stringifier, 'end');
  ended.catch(() => undefined); // the 'error' listener reports it
  try {
    for await (const records of pages) {
      for (const record of records) stringifier.write(record);
      if (failure) throw failure;
      if (ready.length > 0) yield Buffer.concat(ready.splice(0));
    }
    stringifier.end();
    await ended;
    if (failure) throw failure;
    if (ready.length > 0) yield Buffer.concat(ready.splice(0));
  } finally {
    stringifier.destroy();
  }
}
