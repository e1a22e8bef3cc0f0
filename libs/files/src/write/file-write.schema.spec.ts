import type { FileWrite } from '@tessera/module-sdk';
import { checkedWrite } from './file-write.schema';

const settings = { chunkBytes: 1024, maxBytes: 1_000, defaultTtlSeconds: 3_600 };
async function* empty(): AsyncGenerator<string> {}
const valid: FileWrite = { name: 'contacts.csv', contentType: 'text/csv', content: empty() };

function problemsOf(input: Partial<FileWrite>): unknown {
  try {
    checkedWrite({ ...valid, ...input } as FileWrite, settings);
  } catch (error) {
    return (error as { details: unknown }).details;
  }
  throw new Error('expected a refusal');
}

describe('checkedWrite', () => {
  it('applies the platform defaults: its TTL, its size limit', () => {
    expect(checkedWrite(valid, settings)).toMatchObject({ name: 'contacts.csv', contentType: 'text/csv', ttlSeconds: 3_600, maxBytes: 1_000 });
  });

  it('keeps a file without expiry when expiresInSeconds is null, and honours a lower maxBytes', () => {
    expect(checkedWrite({ ...valid, expiresInSeconds: null, maxBytes: 10 }, settings)).toMatchObject({ ttlSeconds: null, maxBytes: 10 });
  });

  it('never lets a write raise the platform limit', () => {
    expect(checkedWrite({ ...valid, maxBytes: 5_000 }, settings).maxBytes).toBe(1_000);
  });

  it('normalises the content type', () => {
    expect(checkedWrite({ ...valid, contentType: 'TEXT/CSV;Charset=UTF-8' }, settings).contentType).toBe('text/csv; charset=UTF-8');
  });

  it.each([
    ['an empty name', { name: '' }, 'name'],
    ['a name with a path', { name: '../etc/passwd' }, 'name'],
    ['a name with a backslash', { name: 'a\\b.csv' }, 'name'],
    ['a name with a line break', { name: 'a\r\nSet-Cookie: x' }, 'name'],
    ['a name of dots', { name: '..' }, 'name'],
    ['a name with surrounding spaces', { name: ' a.csv' }, 'name'],
    ['a name over 255 characters', { name: `${'a'.repeat(252)}.csv` }, 'name'],
    ['a content type that is not a MIME type', { contentType: 'csv please' }, 'contentType'],
    ['a content type with a header injection', { contentType: 'text/html\r\nX-Evil: 1' }, 'contentType'],
    ['a content type that grows past 255 characters once normalised', { contentType: `text/plain; a=${'x'.repeat(119)} ${'x'.repeat(121)}` }, 'contentType'],
    ['content that is not a stream', { content: 'a,b' as unknown as AsyncIterable<string> }, 'content'],
    ['a fractional expiry', { expiresInSeconds: 1.5 }, 'expiresInSeconds'],
    ['a zero expiry', { expiresInSeconds: 0 }, 'expiresInSeconds'],
    ['a negative maxBytes', { maxBytes: -1 }, 'maxBytes'],
  ])('refuses %s with a 400 naming the field', (_what, input, field) => {
    expect(problemsOf(input)).toEqual([expect.objectContaining({ field })]);
  });
});
