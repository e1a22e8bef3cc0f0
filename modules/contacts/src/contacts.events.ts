import type { DomainEventDeclaration } from '@tessera/module-sdk';

/**
 * The domain events of the contacts module (published after the writing transaction commits; delivery is at
 * least once: handlers treat a repeated event id as already applied). Payloads carry ids and field names,
 * never personal data: subscribers read what they need, and the outbox and job tables hold no copies.
 */
export const CONTACT_EVENTS = {
  created: 'contacts.contact-created',
  updated: 'contacts.contact-updated',
  deleted: 'contacts.contact-deleted',
  restored: 'contacts.contact-restored',
  merged: 'contacts.contact-merged',
} as const;

/** `contacts.contact-created`: a contact was created. */
export interface ContactCreated {
  readonly contactId: string;
  readonly version: number;
}

/** `contacts.contact-updated`: fields of a contact changed. */
export interface ContactUpdated {
  readonly contactId: string;
  readonly version: number;
  /** Names of the changed fields: `firstName`, `emails`, ..., and `customFields.<key>` per custom field. */
  readonly changed: readonly string[];
}

/** `contacts.contact-deleted`: a contact was moved to the trash (it can still be restored until purged). */
export interface ContactDeleted {
  readonly contactId: string;
  readonly version: number;
}

/** `contacts.contact-restored`: a contact came back from the trash. */
export interface ContactRestored {
  readonly contactId: string;
  readonly version: number;
}

/**
 * `contacts.contact-merged`: `sourceId` was merged into `targetId` and no longer exists for clients
 * (reassign what pointed at it to `targetId`). No separate updated/deleted events are published for a merge.
 */
export interface ContactMerged {
  readonly targetId: string;
  readonly sourceId: string;
  readonly targetVersion: number;
}

export const CONTACT_EVENT_DECLARATIONS: readonly DomainEventDeclaration[] = [
  { name: CONTACT_EVENTS.created, description: 'A contact was created. Payload: ContactCreated { contactId, version }.' },
  { name: CONTACT_EVENTS.updated, description: 'Fields of a contact changed. Payload: ContactUpdated { contactId, version, changed }.' },
  { name: CONTACT_EVENTS.deleted, description: 'A contact was moved to the trash. Payload: ContactDeleted { contactId, version }.' },
  { name: CONTACT_EVENTS.restored, description: 'A contact was restored from the trash. Payload: ContactRestored { contactId, version }.' },
  { name: CONTACT_EVENTS.merged, description: 'A contact (sourceId) was merged into another (targetId). Payload: ContactMerged { targetId, sourceId, targetVersion }.' },
];
