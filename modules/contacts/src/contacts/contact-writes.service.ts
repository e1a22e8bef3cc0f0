import { Injectable } from '@nestjs/common';
import { EntityManager, RequestContext, TesseraError } from '@tessera/module-sdk';
import { ContactIdentifiers } from '../identifiers/contact-identifiers.service';
import { ContactSearchIndex } from '../search/contact-search-index.service';
import type { Contact } from './contact.entity';
import { insertContactRows } from './contact-rows';
import { displayNameOf } from './display-name';

/** The transaction could not be brought back to a savepoint (the connection is gone): nothing can go on. */
class SavepointLost extends Error {
  constructor(override readonly cause: unknown) {
    super('could not roll back to a savepoint');
  }
}

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
    await this.identifiers.add([contact]);
    await this.search.follow(contact);
  }

  /**
   * Persists many new, live contacts (an import batch) with multi-row statements: one INSERT of the rows, one
   * of their identifier rows, one search upsert per 1,000, whatever their number; the same rows and documents
   * `insert` writes (the contacts stay out of the unit of work). The statements run in a savepoint: when they
   * fail, nothing of them is left and each contact is written on its own, in a savepoint of its own, so a
   * contact the write path refuses (a `TesseraError` that is not internal) fails alone; its refusal is returned
   * by contact id. Any other failure of one contact (the database went away, a deadlock) is thrown.
   */
  async insertMany(contacts: readonly Contact[]): Promise<ReadonlyMap<string, TesseraError>> {
    const refusals = new Map<string, TesseraError>();
    if (contacts.length === 0) return refusals;
    const tenantId = RequestContext.requireTenantId();
    for (const contact of contacts) {
      contact.tenantId = tenantId;
      contact.displayName = displayNameOf(contact);
    }
    try {
      await this.inSavepoint('contact_writes_many', () => this.insertRows(contacts));
      return refusals;
    } catch (error) {
      if (error instanceof SavepointLost) throw error.cause;
    }
    for (const contact of contacts) {
      try {
        await this.inSavepoint('contact_writes_one', () => this.insertRows([contact]));
      } catch (error) {
        if (error instanceof SavepointLost) throw error.cause;
        if (!(error instanceof TesseraError) || error.kind === 'internal') throw error;
        refusals.set(contact.id, error);
      }
    }
    return refusals;
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

  private async insertRows(contacts: readonly Contact[]): Promise<void> {
    await insertContactRows(this.em, contacts);
    await this.identifiers.add(contacts);
    await this.search.upsertAll(contacts);
  }

  /** `fn` in a savepoint: released on success, rolled back to on failure (a `SavepointLost` when that fails too). */
  private async inSavepoint(name: string, fn: () => Promise<void>): Promise<void> {
    await this.em.execute(`SAVEPOINT ${name}`);
    try {
      await fn();
    } catch (error) {
      try {
        await this.em.execute(`ROLLBACK TO SAVEPOINT ${name}`);
        await this.em.execute(`RELEASE SAVEPOINT ${name}`);
      } catch {
        throw new SavepointLost(error);
      }
      throw error;
    }
    await this.em.execute(`RELEASE SAVEPOINT ${name}`);
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
