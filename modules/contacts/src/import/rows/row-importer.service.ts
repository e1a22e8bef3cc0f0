import { Injectable } from '@nestjs/common';
import { EntityManager, TesseraError, ValidationError, type FieldProblem } from '@tessera/module-sdk';
import type { TargetCustomFields } from '@tessera/custom-fields';
import type { z } from 'zod';
import { CreateContactDto, UpdateContactDto, type CreateContactInput } from '../../contacts/contact.dto';
import { ContactLookup } from '../../contacts/contact-lookup.service';
import { normalizePhone } from '../../contacts/phone-numbers';
import { ContactsService } from '../../contacts/contacts.service';
import type { ImportOptions } from '../mapping/import-targets';
import type { CsvRecord } from '../csv/csv-records';
import type { BatchDuplicates } from './duplicate-match.service';
import { rowErrorsOf, rowErrorsOfRefusal, type RowError } from './row-errors';
import { readRow, type RowInput, type RowReading } from './row-input';

/** What happened to one row. */
export interface RowOutcome {
  readonly row: number;
  readonly outcome: 'created' | 'updated' | 'skipped' | 'failed';
  readonly contactId: string | null;
  readonly errors: readonly RowError[] | null;
}

/** How the rows of one import are read and written. */
export interface ImportPlan {
  readonly reading: RowReading;
  /** The batch's custom fields (loaded once, under the target's shared lock, with the starter's roles). */
  readonly fields: TargetCustomFields;
  readonly options: ImportOptions;
  /** The region of national phone numbers: the import's `defaultCountry`, else the setting. */
  readonly country: string | undefined;
}

const zodProblems = (error: z.ZodError): FieldProblem[] => error.issues.map((issue) => ({ field: issue.path.map(String).join('.') || '(row)', message: issue.message }));

/**
 * Imports one row through the API's own write path: the row becomes the body a client would send, checked by
 * the same DTO (`CreateContactDto` / `UpdateContactDto`) and written by `ContactsService.create` / `update`
 * (identity rule, phones, owners, the custom-fields contract's `validateCreate` / `validateUpdate`, the
 * identifiers, the events). Each write runs in a savepoint: a refused row leaves nothing behind, and the
 * batch goes on. A failure that is not a refusal of the row (the database went away) is thrown: the batch
 * fails and is retried.
 */
@Injectable()
export class RowImporter {
  constructor(
    private readonly em: EntityManager,
    private readonly contacts: ContactsService,
    private readonly lookup: ContactLookup,
  ) {}

  async importRow(record: CsvRecord, plan: ImportPlan, duplicates: BatchDuplicates): Promise<RowOutcome> {
    const { row } = record;
    const read = readRow(record.cells, plan.reading);
    if (read.blank) return { row, outcome: 'skipped', contactId: null, errors: null };
    if ('errors' in read) return { row, outcome: 'failed', contactId: null, errors: read.errors };
    const input = read.input;
    const parsed = CreateContactDto.schema.safeParse(createBody(input, plan));
    if (!parsed.success) return { row, outcome: 'failed', contactId: null, errors: rowErrorsOf('VALIDATION_FAILED', zodProblems(parsed.error), input.origins) };

    const identifiers = identifiersOfRow(input, plan.country);
    const match = plan.options.duplicates === 'create' ? null : duplicates.find(identifiers.emails, identifiers.phones);
    if (match && plan.options.duplicates === 'skip') return { row, outcome: 'skipped', contactId: match, errors: null };

    let origins = input.origins;
    await this.em.execute('SAVEPOINT contact_import_row');
    try {
      let contactId: string;
      if (match) {
        const update = await this.updateOf(match, input, parsed.data, plan);
        origins = update.origins;
        contactId = (await this.contacts.update(match, update.input, undefined, plan.fields)).id;
      } else {
        contactId = (await this.contacts.create(parsed.data, plan.fields)).id;
      }
      await this.em.execute('RELEASE SAVEPOINT contact_import_row');
      duplicates.remember(contactId, identifiers.emails, identifiers.phones);
      return { row, outcome: match ? 'updated' : 'created', contactId, errors: null };
    } catch (error) {
      if (!(error instanceof TesseraError) || error.kind === 'internal') throw error;
      await this.em.execute('ROLLBACK TO SAVEPOINT contact_import_row');
      await this.em.execute('RELEASE SAVEPOINT contact_import_row');
      return { row, outcome: 'failed', contactId: null, errors: rowErrorsOfRefusal(error, origins) };
    } finally {
      // A refused change may have left a loaded contact changed in memory; and a batch must not keep every
      // contact it wrote in the identity map (each flush would compare them all).
      this.em.clear();
    }
  }

  /**
   * The change a row makes to the contact it duplicates: non-empty cells overwrite, empty ones keep what is
   * there; emails, phones and tags the contact lacks are added after its own (the row's origins follow them).
   */
  private async updateOf(id: string, input: RowInput, row: CreateContactInput, plan: ImportPlan) {
    const contact = await this.lookup.find(id, { lock: true });
    const origins = new Map([...input.origins].filter(([path]) => !/^(emails|phones|tags)\./.test(path)));
    const added = <T>(list: string, existing: readonly T[], items: readonly T[], same: (a: T, b: T) => boolean): T[] | undefined => {
      const result = [...existing];
      items.forEach((item, index) => {
        if (result.some((held) => same(held, item))) return;
        const column = input.origins.get(`${list}.${index}`);
        if (column !== undefined) origins.set(`${list}.${result.length}`, column);
        result.push(item);
      });
      return result.length > existing.length ? result : undefined;
    };
    const e164 = (number: string) => {
      const checked = normalizePhone(number, plan.country);
      return checked.ok ? checked.number : number;
    };
    const body: Record<string, unknown> = {
      ...input.text,
      emails: added('emails', contact.emails, row.emails ?? [], (a, b) => a.address === b.address),
      phones: added('phones', contact.phones, input.phones.map((number) => ({ number, label: null })), (a, b) => e164(a.number) === e164(b.number)),
      tags: added('tags', contact.tags, row.tags ?? [], (a, b) => a === b),
      customFields: Object.keys(input.customFields).length > 0 ? input.customFields : undefined,
      defaultCountry: plan.options.defaultCountry,
    };
    const parsed = UpdateContactDto.schema.safeParse(Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)));
    if (!parsed.success) throw new ValidationError(zodProblems(parsed.error));
    return { input: parsed.data, origins };
  }
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
