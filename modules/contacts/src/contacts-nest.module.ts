import { Module } from '@nestjs/common';
import { ContactEvents } from './contacts/contact-events.service';
import { ContactLookup } from './contacts/contact-lookup.service';
import { ContactOwners } from './contacts/contact-owners.service';
import { ContactWrites } from './contacts/contact-writes.service';
import { ContactsController } from './contacts/contacts.controller';
import { ContactsService } from './contacts/contacts.service';
import { DuplicatesController } from './duplicates/duplicates.controller';
import { DuplicatesService } from './duplicates/duplicates.service';
import { ContactIdentifiers } from './identifiers/contact-identifiers.service';
import { ContactListService } from './list/contact-list.service';
import { IMPORT_CONTROLLERS, IMPORT_PROVIDERS } from './import/import.providers';
import { MergeController } from './merge/merge.controller';
import { MergeService } from './merge/merge.service';
import { ContactsPersonalData } from './personal-data/contacts-personal-data.provider';
import { PurgeDeletedProcessor } from './purge/purge-deleted.processor';
import { ContactTrash } from './trash/contact-trash.service';

/** Exports nothing yet: other modules will get a read contract of their own (not these services). */
@Module({
  // Imports first: `/contacts/imports` must not be taken for `/contacts/:id`.
  controllers: [...IMPORT_CONTROLLERS, ContactsController, DuplicatesController, MergeController],
  providers: [
    ContactsService,
    ContactTrash,
    ContactListService,
    DuplicatesService,
    MergeService,
    ContactLookup,
    ContactWrites,
    ContactOwners,
    ContactEvents,
    ContactIdentifiers,
    ContactsPersonalData,
    PurgeDeletedProcessor,
    ...IMPORT_PROVIDERS,
  ],
})
export class ContactsNestModule {}
