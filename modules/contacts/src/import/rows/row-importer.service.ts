import { Injectable } from '@nestjs/common';
import { EntityManager, TesseraError, ValidationError } from '@tessera/module-sdk';
import { UpdateContactDto } from '../../contacts/contact.dto';
import type { Contact } from '../../contacts/contact.entity';
import { ContactLookup } from '../../contacts/contact-lookup.service';
import { normalizePhone } from '../../contacts/phone-numbers';
import { ContactsService } from '../../contacts/contacts.service';
import { zodProblems, type ImportPlan, type ParsedRow } from './parsed-row';
import { rowErrorsOfRefusal } from './row-errors';
import { failedRow, type RowOutcome } from './row-outcome';

/** Rows refused by the write path fail; anything else (the database went away) fails the batch, which is retried. */
function refusalOf(row: number, error: unknown, origins: ReadonlyMap<string, string>): RowOutcome {
  if (!(error instanceof TesseraError) || error.kind === 'internal') throw error;
  return failedRow(row, rowErrorsOfRefusal(error, origins));
}

/**
 * Writes rows through the API's own write path (`ContactsService`): a new contact is checked by
 * `prepareCreate` (identity rule, phones, owners, the custom-fields contract's `validateCreate`) and written
 * with the rest of its batch (`createPrepared`); a duplicate in `update` mode goes through `update`
 * (`validateUpdate`, the row lock, identifiers, the event) in a savepoint of its own, so a refused change leaves
 * nothing behind and the batch goes on.
 */
@Injectable()
export class RowImporter {
  constructor(
    private readonly em: EntityManager,
    private readonly contacts: ContactsService,
    private readonly lookup: ContactLookup,
  ) {}

  /** The row's new contact, checked and not written; or its failure. */
  async prepare(row: ParsedRow, plan: ImportPlan): Promise<{ readonly contact: Contact } | { readonly outcome: RowOutcome }> {
    try {
      return { contact: await this.contacts.prepareCreate(row.body, plan.fields) };
    } catch (error) {
      return { outcome: refusalOf(row.row, error, row.input.origins) };
    }
  }

  /** Changes the contact `match` with the row, in a savepoint. */
  async update(row: ParsedRow, match: string, plan: ImportPlan): Promise<RowOutcome> {
    let origins = row.input.origins;
    await this.em.execute('SAVEPOINT contact_import_row');
    try {
      const update = await this.updateOf(match, row, plan);
      origins = update.origins;
      const contactId = (await this.contacts.update(match, update.input, undefined, plan.fields)).id;
      await this.em.execute('RELEASE SAVEPOINT contact_import_row');
      return { row: row.row, outcome: 'updated', contactId, errors: null };
    } catch (error) {
      if (!(error instanceof TesseraError) || error.kind === 'internal') throw error;
      await this.em.execute('ROLLBACK TO SAVEPOINT contact_import_row');
      await this.em.execute('RELEASE SAVEPOINT contact_import_row');
      return refusalOf(row.row, error, origins);
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
  private async updateOf(id: string, { input, body: row }: ParsedRow, plan: ImportPlan) {
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
