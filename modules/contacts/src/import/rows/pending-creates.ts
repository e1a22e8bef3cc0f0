import type { Contact } from '../../contacts/contact.entity';
import type { ContactsService } from '../../contacts/contacts.service';
import type { BatchDuplicates } from './duplicate-match.service';
import type { ParsedRow } from './parsed-row';
import { rowErrorsOfRefusal } from './row-errors';
import { failedRow, type RowOutcome } from './row-outcome';

/**
 * The new contacts of a batch, checked and waiting to be written together (`ContactsService.createPrepared`:
 * multi-row statements). Each is known to the batch's duplicates at once, so a later row of the file matches
 * it; the batch writes them before such a row is skipped or updated against one of them.
 */
export class PendingCreates {
  private readonly waiting = new Map<string, { readonly row: number; readonly contact: Contact; readonly origins: ReadonlyMap<string, string> }>();

  constructor(
    private readonly contacts: ContactsService,
    private readonly duplicates: BatchDuplicates,
  ) {}

  /** Whether `contactId` is a contact of this batch not written yet. */
  holds(contactId: string): boolean {
    return this.waiting.has(contactId);
  }

  add(row: ParsedRow, contact: Contact): void {
    this.waiting.set(contact.id, { row: row.row, contact, origins: row.input.origins });
    this.duplicates.remember(contact.id, row.identifiers.emails, row.identifiers.phones);
  }

  /** Writes the waiting contacts; a contact the write path refused fails its row and is no longer a duplicate. */
  async flush(): Promise<RowOutcome[]> {
    if (this.waiting.size === 0) return [];
    const items = [...this.waiting.values()];
    this.waiting.clear();
    const refusals = await this.contacts.createPrepared(items.map((item) => item.contact));
    return items.map((item): RowOutcome => {
      const refusal = refusals.get(item.contact.id);
      if (!refusal) return { row: item.row, outcome: 'created', contactId: item.contact.id, errors: null };
      this.duplicates.forget(item.contact.id);
      return failedRow(item.row, rowErrorsOfRefusal(refusal, item.origins));
    });
  }
}
