import type { CustomFieldValues, TargetCustomFields } from '@tessera/custom-fields';
import type { Contact, ContactEmail, ContactPhone } from './contact.entity';

/** A contact as the API answers it. */
export interface ContactView {
  readonly id: string;
  readonly displayName: string;
  readonly prefix: string | null;
  readonly firstName: string | null;
  readonly middleName: string | null;
  readonly lastName: string | null;
  readonly suffix: string | null;
  readonly company: string | null;
  readonly jobTitle: string | null;
  readonly emails: readonly ContactEmail[];
  readonly phones: readonly ContactPhone[];
  readonly tags: readonly string[];
  readonly ownerId: string | null;
  /** What the caller's roles may see (custom-fields `project`). */
  readonly customFields: CustomFieldValues;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly createdBy: string | null;
  readonly deletedAt: string | null;
  readonly deletedBy: string | null;
  readonly mergedIntoId: string | null;
  /** Only with the `contacts.duplicate-hints` flag on, on `GET /contacts/:id`. */
  readonly possibleDuplicates?: number;
}

export function contactView(contact: Contact, fields: TargetCustomFields): ContactView {
  return {
    id: contact.id,
    displayName: contact.displayName,
    prefix: contact.prefix,
    firstName: contact.firstName,
    middleName: contact.middleName,
    lastName: contact.lastName,
    suffix: contact.suffix,
    company: contact.company,
    jobTitle: contact.jobTitle,
    // jsonb stores keys in its own order: answer one fixed shape.
    emails: contact.emails.map((email) => ({ address: email.address, label: email.label ?? null })),
    phones: contact.phones.map((phone) => ({ number: phone.number, label: phone.label ?? null })),
    tags: contact.tags,
    ownerId: contact.ownerId,
    customFields: fields.project(contact.customFields),
    version: contact.version,
    createdAt: contact.createdAt.toISOString(),
    updatedAt: contact.updatedAt.toISOString(),
    createdBy: contact.createdBy,
    deletedAt: contact.deletedAt?.toISOString() ?? null,
    deletedBy: contact.deletedBy,
    mergedIntoId: contact.mergedIntoId,
  };
}
