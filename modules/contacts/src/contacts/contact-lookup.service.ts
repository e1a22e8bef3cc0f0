import { LockMode } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { EntityManager, NotFoundError } from '@tessera/module-sdk';
import { Contact } from './contact.entity';

export interface LookupOptions {
  /** `SELECT … FOR UPDATE`: for writes, so concurrent writers of one contact are serialised. */
  readonly lock?: boolean;
  /** Also answer a contact in the trash, merged ones included. */
  readonly includeDeleted?: boolean;
}

/**
 * Finds contacts of the tenant, and says precisely why one is not there: unknown (or another tenant's), in
 * the trash, or merged into another contact (`CONTACT_MERGED` with `details.mergedIntoId`), all 404.
 */
@Injectable()
export class ContactLookup {
  constructor(private readonly em: EntityManager) {}

  async find(id: string, options: LookupOptions = {}): Promise<Contact> {
    const contact = await this.em.findOne(Contact, { id }, options.lock ? { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true } : {});
    return this.visible(id, contact, options);
  }

  /**
   * Locks several contacts (in id order, so two writers locking the same set never deadlock) and returns
   * those that exist, trashed ones included.
   */
  async lockAll(ids: readonly string[]): Promise<Map<string, Contact>> {
    const contacts = await this.em.find(Contact, { id: { $in: [...ids] } }, { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' }, refresh: true });
    return new Map(contacts.map((contact) => [contact.id, contact]));
  }

  /** The contact when the options allow it, otherwise the 404 that explains why not. */
  visible(id: string, contact: Contact | null | undefined, options: Pick<LookupOptions, 'includeDeleted'> = {}): Contact {
    if (!contact) throw new NotFoundError('CONTACT_NOT_FOUND', `Contact ${id} was not found.`);
    if (options.includeDeleted) return contact;
    if (contact.mergedIntoId) {
      throw new NotFoundError('CONTACT_MERGED', `Contact ${id} was merged into contact ${contact.mergedIntoId}.`, { mergedIntoId: contact.mergedIntoId });
    }
    if (contact.deletedAt) {
      throw new NotFoundError('CONTACT_NOT_FOUND', `Contact ${id} is in the trash: restore it, or read it with ?includeDeleted=true.`, { deleted: true });
    }
    return contact;
  }
}
