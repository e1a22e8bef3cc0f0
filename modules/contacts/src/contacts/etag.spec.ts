import { TesseraError } from '@tessera/module-sdk';
import { assertIfMatch, assertVersion, etagOf } from './etag';

describe('If-Match', () => {
  it('passes without a header, with *, and with the current tag among others', () => {
    expect(() => assertIfMatch(undefined, 3)).not.toThrow();
    expect(() => assertIfMatch(' * ', 3)).not.toThrow();
    expect(() => assertIfMatch('"3"', 3)).not.toThrow();
    expect(() => assertIfMatch('"1", "3"', 3)).not.toThrow();
    expect(etagOf(3)).toBe('"3"');
  });

  it.each(['"2"', 'W/"3"', '3', '', 'garbage'])('refuses %j for version 3 with 412 CONTACT_VERSION_MISMATCH', (header) => {
    expect.assertions(2);
    try {
      assertIfMatch(header, 3);
    } catch (error) {
      expect(error).toBeInstanceOf(TesseraError);
      expect(error).toMatchObject({ kind: 'precondition-failed', code: 'CONTACT_VERSION_MISMATCH', details: { currentVersion: 3, currentETag: '"3"' } });
    }
  });

  it('checks a version given in a body field', () => {
    expect(() => assertVersion(undefined, 2, 'sourceVersion')).not.toThrow();
    expect(() => assertVersion(2, 2, 'sourceVersion')).not.toThrow();
    expect(() => assertVersion(1, 2, 'sourceVersion')).toThrow(expect.objectContaining({ details: expect.objectContaining({ field: 'sourceVersion' }) }));
  });
});
