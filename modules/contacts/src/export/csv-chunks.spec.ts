import { parse } from 'csv-parse/sync';
import { csvChunks } from './csv-chunks';

async function* pagesOf(...pages: string[][][]): AsyncGenerator<string[][]> {
  for (const page of pages) yield page;
}

const text = async (chunks: AsyncIterable<Buffer>) => {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts).toString('utf8');
};

describe('csvChunks', () => {
  it('writes RFC 4180 CSV with a byte order mark and CRLF, quoting what needs quoting, one chunk per page', async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of csvChunks(pagesOf([['a', 'b']], [['x,y', 'say "hi"'], ['line\nbreak', 'é']]))) chunks.push(chunk);
    expect(chunks).toHaveLength(2);
    const csv = Buffer.concat(chunks).toString('utf8');
    expect(csv).toBe('\ufeffa,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",é\r\n');
    expect(parse(csv, { bom: true })).toEqual([['a', 'b'], ['x,y', 'say "hi"'], ['line\nbreak', 'é']]);
  });

  it.each(['=1+1', '+cmd|calc', '-2+3', '@SUM(A1)', '\tx', '\rx'])('prefixes %j, which a spreadsheet would evaluate, with a quote', async (cell) => {
    expect(parse(await text(csvChunks(pagesOf([[cell, 'ok']]))), { bom: true })).toEqual([[`'${cell}`, 'ok']]);
  });

  it.each(['Ada', '1+1', "O'Brien", ' =spaced', 'a=b'])('leaves %j as it is', async (cell) => {
    expect(parse(await text(csvChunks(pagesOf([[cell]]))), { bom: true })).toEqual([[cell]]);
  });

  it('reads the next page only once the previous page was taken', async () => {
    const read: number[] = [];
    async function* source() {
      for (let page = 0; page < 3; page++) {
        read.push(page);
        yield [[String(page)]];
      }
    }
    const chunks = csvChunks(source());
    await chunks.next();
    expect(read).toEqual([0]);
    await chunks.next();
    expect(read).toEqual([0, 1]);
    await chunks.return(undefined);
  });

  it('fails when its source fails', async () => {
    async function* failing(): AsyncGenerator<string[][]> {
      yield [['ok']];
      throw new Error('database gone');
    }
    await expect(text(csvChunks(failing()))).rejects.toThrow('database gone');
  });
});
