import { Inject, Injectable } from '@nestjs/common';
import { CUSTOM_FIELDS, type CustomFields } from '@tessera/custom-fields';
import { AUDIT_LOG, ConflictError, RequestContext, type AuditLog } from '@tessera/module-sdk';
import { ContactEvents } from '../contacts/contact-events.service';
import { ContactLookup } from '../contacts/contact-lookup.service';
import { CONTACT_TARGET } from '../contacts/contact-target';
import { contactView, type ContactView } from '../contacts/contact-view';
import { ContactWrites } from '../contacts/contact-writes.service';
import { assertIfMatch } from '../contacts/etag';

/**
 * Soft delete and restore. A deleted contact keeps everything (values, identifiers) until the purge job
 * deletes it for good; deletions and restores are audited (what was done to which contact, never its data).
 */
@Injectable()
export class ContactTrash {
  constructor(
    private readonly lookup: ContactLookup,
    private readonly writes: ContactWrites,
    private readonly events: ContactEvents,
    @Inject(CUSTOM_FIELDS) private readonly customFields: CustomFields,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
  ) {}

  async remove(id: string, ifMatch: string | undefined): Promise<void> {
    const contact = await this.lookup.find(id, { lock: true });
    assertIfMatch(ifMatch, contact.version);
    const before = contact.version;
    contact.deletedAt = new Date();
    contact.deletedBy = RequestContext.current()?.principal?.id ?? null;
    await this.writes.save(contact);
    await this.audit.record({
      action: 'contacts.contact-deleted',
      target: { type: 'contact', id },
      before: { version: before, deletedAt: null },
      after: { version: contact.version, deletedAt: contact.deletedAt.toISOString() },
    });
    await this.events.deleted({ contactId: id, version: contact.version });
  }

  async restore(id: string, ifMatch: string | undefined): Promise<ContactView> {
    const fields = await this.customFields.forTarget(CONTACT_TARGET); // before the row lock, as a type change
    const contact = await this.lookup.find(id, { lock: true, includeDeleted: true });
    if (contact.mergedIntoId) {
      throw new ConflictError('CONTACT_MERGED', `Contact ${id} was merged into contact ${contact.mergedIntoId} and cannot be restored.`, { mergedIntoId: contact.mergedIntoId });
    }
    if (!contact.deletedAt) throw new ConflictError('CONTACT_NOT_DELETED', `Contact ${id} is not in the trash.`);
    assertIfMatch(ifMatch, contact.version);
    const before = { version: contact.version, deletedAt: contact.deletedAt.toISOString() };
    contact.deletedAt = null;
    contact.deletedBy = null;
    await this.writes.save(contact);
    await this.audit.record({ action: 'contacts.contact-restored', target: { type: 'contact', id }, before, after: { version: contact.version, deletedAt: null } });
    await this.events.restored({ contactId: id, version: contact.version });
    return contactView(contact, fields);
  }
}
