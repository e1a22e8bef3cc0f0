import { Module } from '@nestjs/common';
import { ContactEvents } from './contacts/contact-events.service';
import { ContactLookup } from './contacts/contact-lookup.service';
import { ContactOwners } from './contacts/contact-owners.service';
import { ContactPages } from './contacts/contact-pages.service';
import { ContactWrites } from './contacts/contact-writes.service';
import { ContactsController } from './contacts/contacts.controller';
import { ContactsService } from './contacts/contacts.service';
import { DuplicatesController } from './duplicates/duplicates.controller';
import { DuplicatesService } from './duplicates/duplicates.service';
import { ContactExportWriter } from './export/contact-export-writer.service';
import { ContactExportsController } from './export/contact-exports.controller';
import { ContactExports } from './export/contact-exports.service';
import { ContactExportsPersonalData } from './export/contact-exports-personal-data.service';
import { ExportContactsProcessor } from './export/export-contacts.processor';
import { ContactIdentifiers } from './identifiers/contact-identifiers.service';
import { ContactListService } from './list/contact-list.service';
import { IMPORT_CONTROLLERS, IMPORT_PROVIDERS } from './import/import.providers';
import { MergeController } from './merge/merge.controller';
import { MergeService } from './merge/merge.service';
import { ContactsPersonalData } from './personal-data/contacts-personal-data.provider';
import { PurgeDeletedProcessor } from './purge/purge-deleted.processor';
import { ContactSearchController } from './search/contact-search.controller';
import { ContactSearchIndex } from './search/contact-search-index.service';
import { ContactSearchService } from './search/contact-search.service';
import { ContactReindexer } from './search/reindex/contact-reindexer.service';
import { ReindexContactsProcessor } from './search/reindex/reindex-contacts.processor';
import { ContactTrash } from './trash/contact-trash.service';

/** Exports nothing yet: other modules will get a read contract of their own (not these services). */
@Module({
  // Fixed paths (`/contacts/imports`, `/contacts/search`, `/contacts/exports`) before ContactsController's `/contacts/:id`.
  controllers: [...IMPORT_CONTROLLERS, ContactSearchController, ContactExportsController, ContactsController, DuplicatesController, MergeController],
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
    ContactPages,
    ContactSearchIndex,
    ContactSearchService,
    ContactReindexer,
    ReindexContactsProcessor,
    ContactExports,
    ContactExportWriter,
    ExportContactsProcessor,
    ContactExportsPersonalData,
  ],
})
export class ContactsNestModule {}
