import { ValidationError, type FieldProblem, type SearchDocument, type SearchFieldKind } from '@tessera/module-sdk';
import { emailTerms, keywordTerms, phoneTerms, textTerms } from '../text/field-terms';
import type { SearchCollectionSpec, SearchWeight } from './search-collection';

/** Documents per upsert call (and per rebuild batch). */
export const MAX_DOCUMENTS_PER_CALL = 1_000;
/** Values per field of one document. */
export const MAX_VALUES_PER_FIELD = 50;
/** Characters per value. */
export const MAX_VALUE_LENGTH = 1_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface IndexedField {
  readonly name: string;
  readonly kind: SearchFieldKind;
  readonly weight: SearchWeight;
  /** The values as given (stored for operators, never matched). */
  readonly values: readonly string[];
  /** What is matched: words, address parts, digits or tokens (see `field-terms.ts`). */
  readonly terms: readonly string[];
}

/** A validated document, with the terms each backend indexes. */
export interface IndexedDocument {
  readonly id: string;
  readonly fields: readonly IndexedField[];
}

const TERMS: Readonly<Record<SearchFieldKind, (value: string) => string[]>> = {
  text: textTerms,
  email: emailTerms,
  phone: phoneTerms,
  keyword: keywordTerms,
};

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/**
 * Checks documents against their collection (ids are UUIDs, fields are declared, values are strings
 * within limits) and derives their terms. Every problem is reported at once, as a 400 naming the field.
 * A later document with the same id replaces an earlier one of the same call.
 */
export function indexDocuments(collection: SearchCollectionSpec, documents: readonly SearchDocument[], path = 'documents'): IndexedDocument[] {
  const problems: FieldProblem[] = [];
  if (!Array.isArray(documents)) throw new ValidationError([{ field: path, message: 'must be an array of documents.' }]);
  if (documents.length > MAX_DOCUMENTS_PER_CALL) {
    throw new ValidationError([{ field: path, message: `must hold at most ${MAX_DOCUMENTS_PER_CALL} documents per call (got ${documents.length}).` }]);
  }
  const byId = new Map<string, IndexedDocument>();
  documents.forEach((document, index) => {
    const at = `${path}.${index}`;
    if (!isUuid(document?.id)) {
      problems.push({ field: `${at}.id`, message: 'must be a UUID (the id of the row the document stands for).' });
      return;
    }
    const fields: IndexedField[] = [];
    for (const [name, raw] of Object.entries(document.fields ?? {})) {
      const spec = collection.fields.get(name);
      if (!spec) {
        problems.push({
          field: `${at}.fields.${name}`,
          message: `is not a field of the search collection "${collection.name}" (declared: ${[...collection.fields.keys()].join(', ')}).`,
        });
        continue;
      }
      if (raw === null || raw === undefined) continue;
      const values = typeof raw === 'string' ? [raw] : raw;
      if (!Array.isArray(values) || values.some((value) => typeof value !== 'string')) {
        problems.push({ field: `${at}.fields.${name}`, message: 'must be a string, an array of strings or null.' });
        continue;
      }
      if (values.length > MAX_VALUES_PER_FIELD) {
        problems.push({ field: `${at}.fields.${name}`, message: `must hold at most ${MAX_VALUES_PER_FIELD} values.` });
        continue;
      }
      const long = values.findIndex((value) => value.length > MAX_VALUE_LENGTH);
      if (long >= 0) {
        problems.push({ field: `${at}.fields.${name}.${long}`, message: `must be at most ${MAX_VALUE_LENGTH} characters.` });
        continue;
      }
      const terms = [...new Set(values.flatMap((value) => TERMS[spec.kind](value)))];
      fields.push({ name, kind: spec.kind, weight: spec.weight, values: [...values], terms });
    }
    const id = document.id.toLowerCase();
    byId.delete(id);
    byId.set(id, { id, fields });
  });
  if (problems.length > 0) throw new ValidationError(problems, 'Search documents have invalid fields.');
  return [...byId.values()];
}

/** Checks ids to remove: UUIDs only, at most one call's worth. */
export function documentIds(ids: readonly string[]): string[] {
  if (!Array.isArray(ids)) throw new ValidationError([{ field: 'ids', message: 'must be an array of UUIDs.' }]);
  if (ids.length > MAX_DOCUMENTS_PER_CALL) throw new ValidationError([{ field: 'ids', message: `must hold at most ${MAX_DOCUMENTS_PER_CALL} ids per call.` }]);
  const problems = ids.flatMap((id, index) => (isUuid(id) ? [] : [{ field: `ids.${index}`, message: 'must be a UUID.' }]));
  if (problems.length > 0) throw new ValidationError(problems);
  return [...new Set(ids.map((id) => id.toLowerCase()))];
}
