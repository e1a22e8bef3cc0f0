import { Injectable } from '@nestjs/common';
import { EntityManager } from '@tessera/module-sdk';
import { ContactIdentifiers } from '../identifiers/contact-identifiers.service';
import { ContactSearchIndex } from '../search/contact-search-index.service';
import type { Contact } from './contact.entity';
import { displayNameOf } from './display-name';

/**
 * The one place contacts are written. Every write keeps the derived state in step, in the same
 * transaction: the display name, the version (the ETag), the `contact_identifiers` rows, and the search
 * document (`contactSearchDocument`: upserted while the contact is live, removed once it is in the trash,
 * merged, purged or erased). Use cases (create, update, delete, merge, purge, erasure) decide what to
 * change; they never flush a contact themselves.
 */
@Injectable()
export class ContactWrites {
  constructor(
    private readonly em: EntityManager,
    private readonly identifiers: ContactIdentifiers,
    private readonly search: ContactSearchIndex,
  ) {}

  /** Persists a new contact. */
  async insert(contact: Contact): Promise<void> {
    contact.displayName = displayNameOf(contact);
    this.em.persist(contact);
    await this.em.flush();
    await this.identifiers.replace(contact);
    await this.search.follow(contact);
  }

  /** Writes the changes made to a loaded contact, as a new version (a deleted or merged one leaves search). */
  async save(contact: Contact): Promise<void> {
    contact.displayName = displayNameOf(contact);
    contact.version += 1;
    await this.em.flush();
    await this.identifiers.replace(contact);
    await this.search.follow(contact);
  }

  /** Deletes contacts for good (their identifier rows go with them, by foreign key). Returns the ids deleted. */
  async hardDelete(ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.em.execute<Array<{ id: string }>>(
      'DELETE FROM contacts WHERE id IN (SELECT value::uuid FROM jsonb_array_elements_text(?::jsonb)) RETURNING id',
      [JSON.stringify(ids)],
    );
    return this.deleted(rows);
  }

  /** Deletes up to `limit` contacts that went to the trash before `cutoff`, oldest first. Returns their ids. */
  async purgeDeletedBefore(cutoff: Date, limit: number): Promise<string[]> {
    const rows = await this.em.execute<Array<{ id: string }>>(
      `DELETE FROM contacts WHERE id IN (
         SELECT id FROM contacts WHERE deleted_at < ?::timestamptz ORDER BY deleted_at, id LIMIT ?
       ) RETURNING id`,
      [cutoff.toISOString(), limit],
    );
    // Trashed contacts left search when they were deleted; removing again costs little and heals a stale index.
    return this.deleted(rows);
  }

  /** Contacts merged into `fromId` earlier now point at `toId` (one hop for clients that follow merges). */
  async repointMerged(fromId: string, toId: string): Promise<void> {
    await this.em.execute('UPDATE contacts SET merged_into_id = ?, version = version + 1 WHERE merged_into_id = ?', [toId, fromId]);
  }

  /**
   * Removes a user's id from every contact (owner, creator, deleter): what erasing that user's personal data
   * means here. A cleared owner is a change clients see, so those contacts get a new version. Returns how
   * many references were cleared.
   */
  async forgetUser(userId: string): Promise<number> {
    const owned = await this.em.execute<Array<{ id: string }>>(
      'UPDATE contacts SET owner_id = NULL, version = version + 1, updated_at = now() WHERE owner_id = ?::uuid RETURNING id',
      [userId],
    );
    const created = await this.em.execute<Array<{ id: string }>>('UPDATE contacts SET created_by = NULL WHERE created_by = ? RETURNING id', [userId]);
    const deleted = await this.em.execute<Array<{ id: string }>>('UPDATE contacts SET deleted_by = NULL WHERE deleted_by = ? RETURNING id', [userId]);
    this.forget([...owned, ...created, ...deleted].map((row) => row.id));
    return owned.length + created.length + deleted.length;
  }

  /** After a hard delete: out of the identity map and out of search. */
  private async deleted(rows: ReadonlyArray<{ id: string }>): Promise<string[]> {
    const ids = rows.map((row) => row.id);
    this.forget(ids);
    await this.search.remove(ids);
    return ids;
  }

  /** Drops rows changed by plain SQL from the identity map, so a later read in this unit of work reloads them. */
  private forget(ids: readonly string[]): void {
    const uow = this.em.getUnitOfWork();
    for (const id of ids) {
      const entity = uow.getById('Contact', id);
      if (entity) uow.unsetIdentity(entity);
    }
  }
}
