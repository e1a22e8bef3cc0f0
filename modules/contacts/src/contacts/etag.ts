import { TesseraError } from '@tessera/module-sdk';

/** The strong entity tag of a contact version: `"7"`. */
export const etagOf = (version: number): string => `"${version}"`;

/**
 * RFC 9110 `If-Match` with strong comparison: absent → no condition; `*` → any current contact; otherwise a
 * list of entity tags one of which must be the current one (weak tags `W/"…"` never match). A stale or
 * malformed tag is a 412 `CONTACT_VERSION_MISMATCH` that says the current version.
 */
export function assertIfMatch(header: string | undefined, version: number, field = 'If-Match'): void {
  if (header === undefined) return;
  const value = header.trim();
  if (value === '*') return;
  const current = etagOf(version);
  if (value.split(',').some((tag) => tag.trim() === current)) return;
  throw versionMismatch(field, version);
}

/** Same check for a version given in a body field (e.g. the source of a merge). */
export function assertVersion(expected: number | undefined, version: number, field: string): void {
  if (expected !== undefined && expected !== version) throw versionMismatch(field, version);
}

const versionMismatch = (field: string, version: number) =>
  new TesseraError('precondition-failed', 'CONTACT_VERSION_MISMATCH', `The contact has changed (it is at version ${version}): read it again and retry with its current ETag.`, {
    field,
    currentVersion: version,
    currentETag: etagOf(version),
  });
