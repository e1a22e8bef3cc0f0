import { Inject, Injectable } from '@nestjs/common';
import {
  AUDIT_LOG,
  EntityManager,
  type AuditLog,
  type ErasureResult,
  type PersonalDataProvider,
  type PersonalDataRecord,
  type PersonalDataSubject,
} from '@tessera/module-sdk';
import { Contact } from '../contacts/contact.entity';
import { ContactWrites } from '../contacts/contact-writes.service';
import { normalizePhone } from '../contacts/phone-numbers';
import { ContactExportsPersonalData } from '../export/contact-exports-personal-data.service';
import { ContactIdentifiers } from '../identifiers/contact-identifiers.service';
import type { IdentifierKind } from '../identifiers/identifiers-of';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Export and erasure for one data subject in the current tenant.
 *
 * - As a contact (email or phone): every contact holding it, found through `contact_identifiers`, including
 *   contacts in the trash and merged ones, with every stored custom value (archived and role-restricted
 *   fields too: an export is complete, it is not a view for the caller's roles). Erasure deletes them for
 *   good, with their identifier rows.
 * - As a member of the tenant (user id): the contacts they own, created or deleted (ids only: the contacts
 *   are other people's data). Erasure removes their id from those contacts.
 */
@Injectable()
export class ContactsPersonalData implements PersonalDataProvider {
  constructor(
    private readonly em: EntityManager,
    private readonly identifiers: ContactIdentifiers,
    private readonly writes: ContactWrites,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
    private readonly exportFiles: ContactExportsPersonalData,
  ) {}

  async export(subject: PersonalDataSubject): Promise<readonly PersonalDataRecord[]> {
    const records: PersonalDataRecord[] = (await this.contactsOf(subject)).map((contact) => ({ type: 'contact', id: contact.id, data: exported(contact) }));
    const userId = this.userIdOf(subject);
    if (userId) {
      const linked = await this.em.find(Contact, { $or: [{ ownerId: userId }, { createdBy: userId }, { deletedBy: userId }] }, { orderBy: { id: 'asc' } });
      for (const contact of linked) {
        records.push({
          type: 'contact-ownership',
          id: contact.id,
          data: { contactId: contact.id, owner: contact.ownerId === userId, createdBy: contact.createdBy === userId, deletedBy: contact.deletedBy === userId },
        });
      }
      records.push(...(await this.exportFiles.exportOf(userId)));
    }
    return records;
  }

  async erase(subject: PersonalDataSubject): Promise<ErasureResult> {
    const ids = (await this.contactsOf(subject)).map((contact) => contact.id);
    const identifierRows = await this.identifiers.countOf(ids);
    const deleted = await this.writes.hardDelete(ids);
    const userId = this.userIdOf(subject);
    const references = userId ? await this.writes.forgetUser(userId) : 0;
    const exports = await this.exportFiles.erase({ contactsErased: deleted.length > 0, email: subject.email?.trim().toLowerCase(), phone: this.phoneOf(subject), userId });
    if (deleted.length > 0 || references > 0 || exports > 0) {
      // Counts and ids only: the audit log is append-only and must not keep what was just erased.
      await this.audit.record({
        action: 'contacts.personal-data-erased',
        metadata: { contactsDeleted: deleted.length, contactIds: deleted, identifierRowsDeleted: identifierRows, userReferencesCleared: references, exportsDeleted: exports },
      });
    }
    return {
      erased: deleted.length + references + exports,
      retained:
        deleted.length > 0
          ? [{ type: 'audit-entries', id: '*', reason: 'merge audit entries hold snapshots of merged contacts; the audit log is an append-only legal record (legitimate interest)' }]
          : [],
    };
  }

  /** Every contact, live or in the trash, holding the subject's email or phone. */
  private async contactsOf(subject: PersonalDataSubject): Promise<Contact[]> {
    const matches: Array<{ kind: IdentifierKind; value: string }> = [];
    if (subject.email?.trim()) matches.push({ kind: 'email', value: subject.email.trim().toLowerCase() });
    const phone = this.phoneOf(subject);
    if (phone) matches.push({ kind: 'phone', value: phone });
    const ids = await this.identifiers.contactIdsWith(matches);
    return ids.length ? this.em.find(Contact, { id: { $in: ids } }, { orderBy: { id: 'asc' } }) : [];
  }

  /** The subject's phone as stored (E.164), or as given when it does not parse. */
  private phoneOf(subject: PersonalDataSubject): string | undefined {
    if (!subject.phone?.trim()) return undefined;
    const phone = normalizePhone(subject.phone, undefined);
    return phone.ok ? phone.number : subject.phone.trim();
  }

  private userIdOf(subject: PersonalDataSubject): string | undefined {
    return subject.userId && UUID.test(subject.userId) ? subject.userId : undefined;
  }
}

/** A contact as its subject gets it: every stored field, in the API's terms. */
function exported(contact: Contact): Record<string, unknown> {
  return {
    displayName: contact.displayName,
    prefix: contact.prefix,
    firstName: contact.firstName,
    middleName: contact.middleName,
    lastName: contact.lastName,
    suffix: contact.suffix,
    company: contact.company,
    jobTitle: contact.jobTitle,
    emails: contact.emails,
    phones: contact.phones,
    tags: contact.tags,
    customFields: contact.customFields,
    ownerId: contact.ownerId,
    createdAt: contact.createdAt.toISOString(),
    updatedAt: contact.updatedAt.toISOString(),
    deletedAt: contact.deletedAt?.toISOString() ?? null,
    mergedIntoId: contact.mergedIntoId,
  };
}
