import { defineModule } from '@tessera/module-sdk';
import { contactsConfigSchema } from './contacts.config';
import { CONTACTS_QUEUES } from './contacts.queues';
import { CONTACT_EVENT_DECLARATIONS } from './contacts.events';
import { CONTACTS_FLAGS } from './contacts.flags';
import { CONTACTS_MIGRATIONS } from './contacts.migrations';
import { CONTACTS_PERMISSIONS } from './contacts.permissions';
import { ContactsNestModule } from './contacts-nest.module';
import { Contact } from './contacts/contact.entity';
import { IMPORT_DEFINITION } from './import/import.definition';
import { CONTACT_TARGET_DECLARATION } from './contacts/contact-target';
import { ContactExport } from './export/contact-export.entity';
import { CONTACT_EXPORTS_MIGRATIONS } from './export/contact-exports.migrations';
import { exportContacts } from './export/export-contacts.job';
import { CONTACTS_PERSONAL_DATA } from './personal-data/contacts-personal-data.categories';
import { ContactsPersonalData } from './personal-data/contacts-personal-data.provider';
import { purgeDeletedContacts } from './purge/purge-deleted.job';
import { CONTACTS_SEARCH_COLLECTION } from './search/contacts-search.collection';
import { CONTACTS_COMMANDS } from './search/reindex/contacts.commands';
import { reindexContacts } from './search/reindex/reindex-contacts.job';

/** People and organisations: contact details, owners, tags and custom fields; lists, search, duplicates, merge, trash, CSV export and import. */
export const contactsModule = defineModule({
  name: 'contacts',
  version: '1.0.0',
  platform: '^1.0.0',
  description: 'Contacts (people and organisations) with emails, phones, tags, owners and custom fields; lists, search, duplicates, merge, trash, CSV export and import, and personal data.',
  critical: true,
  dependsOn: { auth: '^1.0.0', 'custom-fields': '^1.0.0' },
  nestModule: ContactsNestModule,
  config: contactsConfigSchema,
  permissions: CONTACTS_PERMISSIONS,
  entities: [Contact, ContactExport, ...IMPORT_DEFINITION.entities],
  migrations: [...CONTACTS_MIGRATIONS, ...CONTACT_EXPORTS_MIGRATIONS, ...IMPORT_DEFINITION.migrations],
  customFieldTargets: [CONTACT_TARGET_DECLARATION],
  flags: CONTACTS_FLAGS,
  events: { publishes: CONTACT_EVENT_DECLARATIONS },
  queues: [...CONTACTS_QUEUES, ...IMPORT_DEFINITION.queues],
  jobs: [purgeDeletedContacts, exportContacts, reindexContacts, ...IMPORT_DEFINITION.jobs],
  searchCollections: [CONTACTS_SEARCH_COLLECTION],
  commands: CONTACTS_COMMANDS,
  personalData: { categories: CONTACTS_PERSONAL_DATA, provider: ContactsPersonalData },
});
