import { fixedChunks } from './fixed-chunks';

async function* pieces(...items: Array<Uint8Array | string>): AsyncGenerator<Uint8Array | string> {
  for (const item of items) yield item;
}

async function collect(source: AsyncIterable<Uint8Array | string>, chunkBytes: number, maxBytes = Number.MAX_SAFE_INTEGER): Promise<Buffer[]> {
  const out: Buffer[] = [];
  // Copy: the chunker may reuse nothing after a yield, but a view must still be read before the next pull.
  for await (const chunk of fixedChunks(source, chunkBytes, maxBytes)) out.push(Buffer.from(chunk));
  return out;
}

describe('fixedChunks', () => {
  it('cuts small and large pieces into chunks of the fixed size, the last one shorter', async () => {
    const chunks = await collect(pieces('ab', Buffer.from('cdefghij'), new Uint8Array([107, 108]), 'm'), 4);
    expect(chunks.map((c) => c.toString())).toEqual(['abcd', 'efgh', 'ijkl', 'm']);
  });

  it('yields nothing for an empty stream and for empty pieces', async () => {
    expect(await collect(pieces(), 4)).toEqual([]);
    expect(await collect(pieces('', new Uint8Array(0)), 4)).toEqual([]);
  });

  it('encodes strings as UTF-8, splitting multi-byte characters across chunks byte-exactly', async () => {
    const chunks = await collect(pieces('é中x'), 2);
    expect(Buffer.concat(chunks).toString('utf8')).toBe('é中x');
    expect(chunks.map((c) => c.length)).toEqual([2, 2, 2]);
  });

  it('keeps exact multiples of the chunk size without an empty last chunk', async () => {
    expect((await collect(pieces(Buffer.alloc(8, 1)), 4)).map((c) => c.length)).toEqual([4, 4]);
  });

  it('refuses content past maxBytes with FILE_TOO_LARGE and stops reading the source', async () => {
    let pulled = 0;
    async function* endless(): AsyncGenerator<Uint8Array> {
      for (;;) {
        pulled += 1;
        yield Buffer.alloc(10);
      }
    }
    await expect(collect(endless(), 16, 25)).rejects.toMatchObject({ code: 'FILE_TOO_LARGE', kind: 'payload-too-large', details: { maxBytes: 25 } });
    expect(pulled).toBe(3);
  });

  it('accepts content of exactly maxBytes', async () => {
    expect(Buffer.concat(await collect(pieces(Buffer.alloc(25, 2)), 16, 25)).length).toBe(25);
  });

  it('refuses a stream that yields something other than strings or bytes', async () => {
    await expect(collect(pieces(42 as unknown as string), 4)).rejects.toThrow('File content must be strings or bytes');
  });
});
