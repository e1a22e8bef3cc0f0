import { once } from 'node:events';
import { stringify, type Options } from 'csv-stringify';

/**
 * RFC 4180 CSV for spreadsheets: CRLF line ends, fields quoted when they hold a comma, a quote or a line
 * break, and a UTF-8 byte order mark so Excel reads accents right.
 */
export const CSV_OPTIONS: Options = { bom: true, record_delimiter: 'windows' };

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
