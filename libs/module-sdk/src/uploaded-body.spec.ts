import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { TesseraError } from './errors';
import { UploadedBody, uploadedBodyOf } from './uploaded-body';

const request = (headers: Record<string, string>, body = 'a,b\n'): IncomingMessage => Object.assign(Readable.from([Buffer.from(body)]), { headers }) as unknown as IncomingMessage;
const csv = { contentTypes: ['text/csv'] as [string], charsets: ['utf-8'] };

describe('UploadedBody', () => {
  it('gives the body as a stream with its media type, charset and announced length', async () => {
    const body = uploadedBodyOf(request({ 'content-type': 'Text/CSV; Charset=UTF-8', 'content-length': '4' }), csv);
    expect(body).toMatchObject({ mediaType: 'text/csv', contentType: 'text/csv; charset=UTF-8', charset: 'utf-8', contentLength: 4 });
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString()).toBe('a,b\n');
    expect(uploadedBodyOf(request({ 'content-type': 'text/csv' }), csv)).toMatchObject({ contentType: 'text/csv', charset: null, contentLength: null });
  });

  it.each([[{}], [{ 'content-type': 'application/json' }], [{ 'content-type': 'text/plain' }], [{ 'content-type': 'not a type' }]])('refuses %j with 415 UNSUPPORTED_MEDIA_TYPE', (headers) => {
    expect(() => uploadedBodyOf(request(headers), csv)).toThrow(expect.objectContaining({ kind: 'unsupported-media-type', code: 'UNSUPPORTED_MEDIA_TYPE' }));
  });

  it('refuses a charset it was not told to accept with 415 UNSUPPORTED_CHARSET', () => {
    let error: unknown;
    try {
      uploadedBodyOf(request({ 'content-type': 'text/csv; charset=utf-16' }), csv);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TesseraError);
    expect(error).toMatchObject({ code: 'UNSUPPORTED_CHARSET', details: { charset: 'utf-16' } });
  });

  it('cannot be declared for bodies the platform parses itself', () => {
    expect(() => UploadedBody({ contentTypes: ['application/json'] })).toThrow(/use @Body\(\)/);
  });
});
