import type { CustomFieldDefinition } from '@tessera/custom-fields';
import { TEXT_FIELDS, type TextField } from '../../contacts/contact-fields';
import { isCustomFieldTarget, type ImportMapping, type ImportTarget } from '../mapping/import-targets';
import { unescapeFormula } from '../../csv/csv-conventions';
import { cellValue, splitAddresses, splitItems } from './cell-values';
import type { RowError } from './row-errors';

/** A row as contact input (the API's shape, before its DTO), and which column each input path came from. */
export interface RowInput {
  readonly text: Partial<Record<TextField, string>>;
  readonly emails: string[];
  readonly phones: string[];
  readonly tags: string[];
  readonly customFields: Record<string, unknown>;
  /** `firstName` → "First name", `emails.1` → "Work email", `customFields.tier` → "Tier". */
  readonly origins: Map<string, string>;
}

export interface RowReading {
  readonly columns: readonly string[];
  readonly mapping: ImportMapping;
  /** The contract's fields (for the types of custom values), by key. */
  readonly fields: ReadonlyMap<string, CustomFieldDefinition>;
  readonly maxCellLength: number;
}

const isBlank = (cells: readonly string[]) => cells.every((cell) => cell.trim() === '');

/** The input a row stands for, or the errors that keep it from being one (too many values, an over-long cell). */
export function readRow(cells: readonly string[], reading: RowReading): { blank: true } | { blank: false; input: RowInput } | { blank: false; errors: RowError[] } {
  if (isBlank(cells)) return { blank: true };
  const errors: RowError[] = [];
  const extra = cells.slice(reading.columns.length).filter((cell) => cell.trim() !== '');
  if (extra.length > 0) {
    errors.push({ column: null, field: null, code: 'IMPORT_ROW_TOO_MANY_VALUES', message: `The row has ${cells.length} values; the header names ${reading.columns.length} columns.` });
  }
  const input: RowInput = { text: {}, emails: [], phones: [], tags: [], customFields: {}, origins: new Map() };
  reading.columns.forEach((column, index) => {
    // Own keys only: a column named "constructor" must not find Object.prototype's.
    const target: ImportTarget | null | undefined = Object.hasOwn(reading.mapping, column) ? reading.mapping[column] : undefined;
    const raw = cells[index] ?? '';
    if (!target) return;
    if (raw.length > reading.maxCellLength) {
      errors.push({ column, field: target, code: 'IMPORT_CELL_TOO_LONG', message: `The cell has ${raw.length} characters; an import takes at most ${reading.maxCellLength} (CONTACTS_IMPORT_MAX_CELL_LENGTH).` });
      return;
    }
    // Exports, error reports and spreadsheets put an apostrophe before a formula character (E.164 phones, negative numbers).
    const cell = unescapeFormula(raw.trim());
    if (cell === '') return;
    if ((TEXT_FIELDS as readonly string[]).includes(target)) {
      input.text[target as TextField] = cell;
      input.origins.set(target, column);
    } else if (target === 'emails' || target === 'phones' || target === 'tags') {
      for (const item of target === 'tags' ? splitItems(cell) : splitAddresses(cell)) {
        input.origins.set(`${target}.${input[target].length}`, column);
        input[target].push(target === 'tags' ? item : unescapeFormula(item));
      }
    } else if (isCustomFieldTarget(target)) {
      const key = target.slice('customFields.'.length);
      const read = cellValue(reading.fields.get(key), cell);
      if ('problem' in read) errors.push({ column, field: target, code: 'IMPORT_OPTION_AMBIGUOUS', message: read.problem });
      else input.customFields[key] = read.value;
      input.origins.set(target, column);
    }
  });
  return errors.length > 0 ? { blank: false, errors } : { blank: false, input };
}
