import type { CustomFieldDefinition } from '@tessera/custom-fields';
import { ValidationError, type FieldProblem } from '@tessera/module-sdk';

/** The standard columns, in their default order (`deletedAt` only by default when exporting the trash). */
export const STANDARD_EXPORT_COLUMNS = [
  'id',
  'displayName',
  'prefix',
  'firstName',
  'middleName',
  'lastName',
  'suffix',
  'company',
  'jobTitle',
  'emails',
  'phones',
  'tags',
  'ownerId',
  'createdAt',
  'updatedAt',
  'deletedAt',
] as const;

export type StandardExportColumn = (typeof STANDARD_EXPORT_COLUMNS)[number];

/** A custom field's column: `customFields.<key>`, as the API names the field everywhere else. */
export const CUSTOM_COLUMN_PREFIX = 'customFields.';
export const MAX_EXPORT_COLUMNS = 200;

/** A column as the job writes it: a standard field, or a custom field with its definition (absent once deleted or archived). */
export type ExportColumn =
  | { readonly kind: 'standard'; readonly key: StandardExportColumn }
  | { readonly kind: 'custom'; readonly key: string; readonly field: CustomFieldDefinition | undefined };

const isStandard = (column: string): column is StandardExportColumn => (STANDARD_EXPORT_COLUMNS as readonly string[]).includes(column);

/**
 * The columns of an export, decided at request time with the requester's readable custom fields
 * (`readable`: the contract's `fields` for their roles). Without `requested`: every standard column
 * (`deletedAt` only for the trash) and every readable custom field, in creation order. A column that is
 * neither is a 400 on `columns.<i>` that does not say whether a hidden field of that key exists.
 */
export function chooseColumns(requested: readonly string[] | undefined, readable: readonly CustomFieldDefinition[], trash: boolean): string[] {
  if (requested === undefined) {
    const standard = STANDARD_EXPORT_COLUMNS.filter((column) => column !== 'deletedAt' || trash);
    return [...standard, ...readable.map((field) => `${CUSTOM_COLUMN_PREFIX}${field.key}`)];
  }
  const keys = new Set(readable.map((field) => field.key));
  const problems: FieldProblem[] = [];
  const seen = new Map<string, number>();
  requested.forEach((column, index) => {
    const first = seen.get(column);
    if (first !== undefined) problems.push({ field: `columns.${index}`, message: `duplicates columns.${first}.` });
    seen.set(column, first ?? index);
    const custom = column.startsWith(CUSTOM_COLUMN_PREFIX) ? column.slice(CUSTOM_COLUMN_PREFIX.length) : undefined;
    if (!isStandard(column) && !(custom !== undefined && keys.has(custom))) {
      problems.push({ field: `columns.${index}`, message: `is not a column: one of ${STANDARD_EXPORT_COLUMNS.join(', ')}, or customFields.<key> of a custom field you can read.` });
    }
  });
  if (problems.length > 0) throw new ValidationError(problems);
  return [...requested];
}

/** The job's view of the chosen columns: custom ones with their current definitions. */
export function resolveColumns(columns: readonly string[], definitions: readonly CustomFieldDefinition[]): ExportColumn[] {
  const byKey = new Map(definitions.map((field) => [field.key, field]));
  return columns.map((column): ExportColumn => {
    if (isStandard(column)) return { kind: 'standard', key: column };
    const key = column.slice(CUSTOM_COLUMN_PREFIX.length);
    return { kind: 'custom', key, field: byKey.get(key) };
  });
}
