import type { CustomFieldDefinition, CustomFieldValue, CurrencyValue } from '@tessera/custom-fields';
import type { ContactRow } from '../contacts/contact-pages.service';
import { MULTI_VALUE_SEPARATOR } from '../csv/csv-conventions';
import type { ExportColumn, StandardExportColumn } from './export-columns';

const instant = (value: Date | null): string => value?.toISOString() ?? '';

function standardCell(row: ContactRow, key: StandardExportColumn): string {
  switch (key) {
    case 'emails':
      return row.emails.map((email) => email.address).join(MULTI_VALUE_SEPARATOR);
    case 'phones':
      return row.phones.map((phone) => phone.number).join(MULTI_VALUE_SEPARATOR);
    case 'tags':
      return row.tags.join(MULTI_VALUE_SEPARATOR);
    case 'createdAt':
    case 'updatedAt':
    case 'deletedAt':
      return instant(row[key]);
    default:
      return row[key] ?? '';
  }
}

const optionLabel = (field: CustomFieldDefinition, key: string): string => field.options.find((option) => option.key === key)?.label ?? key;

/**
 * A custom value for people and for re-import: dates and instants in ISO 8601, numbers and decimals as
 * digits with a `.` (no grouping), money as `<amount> <currency>`, booleans `true`/`false`, select values by
 * option label (the key when the option is gone), several values joined by {@link MULTI_VALUE_SEPARATOR}.
 */
export function customCell(value: CustomFieldValue | undefined, field: CustomFieldDefinition | undefined): string {
  if (value === undefined || value === null || !field) return '';
  switch (field.type) {
    case 'boolean':
      return value === true ? 'true' : value === false ? 'false' : '';
    case 'currency': {
      const money = value as CurrencyValue;
      return typeof money === 'object' && money !== null && 'amount' in money ? `${money.amount} ${money.currency}` : '';
    }
    case 'single_select':
      return typeof value === 'string' ? optionLabel(field, value) : '';
    case 'multi_select':
      return Array.isArray(value) ? value.map((key: string) => optionLabel(field, key)).join(MULTI_VALUE_SEPARATOR) : '';
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/** One CSV record of a contact: a cell per column (formula cells are escaped by the CSV writer, `CSV_OPTIONS`). */
export function exportRecord(row: ContactRow, columns: readonly ExportColumn[]): string[] {
  return columns.map((column) => (column.kind === 'standard' ? standardCell(row, column.key) : customCell(row.customFields[column.key], column.field)));
}
