import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, FILE_STORE, type FileStore, type PersonalDataRecord } from '@tessera/module-sdk';
import { ContactExport } from './contact-export.entity';

/**
 * The personal data in CSV exports, for the module's personal-data provider. An export file is a copy of
 * contacts: erasing contacts deletes every export file of the tenant (any of them may hold the erased
 * contacts, and a CSV cannot be searched cheaply; an export can be made again), and blanks an email or phone
 * filter naming the subject. Erasing a member deletes the exports they asked for.
 */
@Injectable()
export class ContactExportsPersonalData {
  constructor(
    private readonly em: EntityManager,
    @Inject(FILE_STORE) private readonly files: FileStore,
  ) {}

  /** A member's export requests: when, what came out (not the filters, which may name other people). */
  async exportOf(userId: string): Promise<PersonalDataRecord[]> {
    const exports = await this.em.find(ContactExport, { requestedBy: userId }, { orderBy: { id: 'asc' } });
    return exports.map((record) => ({
      type: 'contact-export',
      id: record.id,
      data: { exportId: record.id, createdAt: record.createdAt.toISOString(), status: record.status, rowCount: record.rowCount, columns: record.columns },
    }));
  }

  /** Returns how many export files and requests were deleted. */
  async erase(subject: { readonly contactsErased: boolean; readonly email?: string; readonly phone?: string; readonly userId?: string }): Promise<number> {
    let erased = 0;
    if (subject.userId) {
      const theirs = await this.em.find(ContactExport, { requestedBy: subject.userId });
      for (const record of theirs) if (record.fileId) await this.files.delete(record.fileId);
      erased += theirs.length;
      if (theirs.length > 0) await this.em.nativeDelete(ContactExport, { requestedBy: subject.userId });
    }
    if (subject.contactsErased) {
      const withFiles = await this.em.find(ContactExport, { fileId: { $ne: null }, fileExpiresAt: { $gt: new Date() } });
      for (const record of withFiles) {
        if (await this.files.delete(record.fileId!)) erased += 1;
        record.fileId = null;
        record.fileExpiresAt = new Date();
      }
      for (const [key, value] of [['email', subject.email], ['phone', subject.phone]] as const) {
        if (value) {
          await this.em.execute(`UPDATE contact_exports SET filter = jsonb_set(filter, '{${key}}', '"[erased]"') WHERE filter ->> '${key}' = ?`, [value]);
        }
      }
      await this.em.flush();
    }
    return erased;
  }
}
