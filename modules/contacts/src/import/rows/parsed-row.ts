import type { TargetCustomFields } from '@tessera/custom-fields';
import type { FieldProblem } from '@tessera/module-sdk';
import type { z } from 'zod';
import { CreateContactDto, type CreateContactInput } from '../../contacts/contact.dto';
import { normalizePhone } from '../../contacts/phone-numbers';
import type { CsvRecord } from '../csv/csv-records';
import type { ImportOptions } from '../mapping/import-targets';
import { rowErrorsOf } from './row-errors';
import { failedRow, skippedRow, type RowOutcome } from './row-outcome';
import { readRow, type RowInput, type RowReading } from './row-input';

/** How the rows of one batch are read and written. */
export interface ImportPlan {
  readonly reading: RowReading;
  /** The batch's custom fields (loaded once, under the target's shared lock, with the starter's roles). */
  readonly fields: TargetCustomFields;
  readonly options: ImportOptions;
  /** The region of national phone numbers: the import's `defaultCountry`, else the setting. */
  readonly country: string | undefined;
}

/** A row that passed the API's DTO: the body a client would POST, and its emails and phones as stored. */
export interface ParsedRow {
  readonly row: number;
  readonly input: RowInput;
  readonly body: CreateContactInput;
  readonly identifiers: { readonly emails: readonly string[]; readonly phones: readonly string[] };
}

export const zodProblems = (error: z.ZodError): FieldProblem[] => error.issues.map((issue) => ({ field: issue.path.map(String).join('.') || '(row)', message: issue.message }));

/**
 * A CSV record as the body of `POST /contacts`, checked by the same DTO (`CreateContactDto`), with no database
 * work: a blank row is skipped, a row the reading or the DTO refuses has failed.
 */
export function parseRow(record: CsvRecord, plan: ImportPlan): ParsedRow | { readonly row: number; readonly outcome: RowOutcome } {
  const { row } = record;
  const read = readRow(record.cells, plan.reading);
  if (read.blank) return { row, outcome: skippedRow(row) };
  if ('errors' in read) return { row, outcome: failedRow(row, read.errors) };
  const parsed = CreateContactDto.schema.safeParse(createBody(read.input, plan));
  if (!parsed.success) return { row, outcome: failedRow(row, rowErrorsOf('VALIDATION_FAILED', zodProblems(parsed.error), read.input.origins)) };
  return { row, input: read.input, body: parsed.data, identifiers: identifiersOfRow(read.input, plan.country) };
}

/** The row's emails and phone numbers as stored (lower-cased; E.164), for duplicate matching. */
export function identifiersOfRow(input: RowInput, country: string | undefined): { emails: string[]; phones: string[] } {
  return {
    emails: input.emails.map((email) => email.trim().toLowerCase()),
    phones: input.phones.flatMap((phone) => {
      const checked = normalizePhone(phone, country);
      return checked.ok ? [checked.number] : [];
    }),
  };
}

/** The body a client would POST for this row. */
function createBody(input: RowInput, plan: ImportPlan): Record<string, unknown> {
  const body: Record<string, unknown> = { ...input.text };
  if (input.emails.length > 0) body.emails = input.emails.map((address) => ({ address }));
  if (input.phones.length > 0) body.phones = input.phones.map((number) => ({ number }));
  if (input.tags.length > 0) body.tags = input.tags;
  if (Object.keys(input.customFields).length > 0) body.customFields = input.customFields;
  if (plan.options.defaultCountry) body.defaultCountry = plan.options.defaultCountry;
  return body;
}
