import type { PersonalDataCategory } from '@tessera/module-sdk';
import { IMPORT_PERSONAL_DATA } from '../import/import-personal-data';

const UNTIL_DELETED =
  'Until the tenant deletes the contact; a deleted contact stays in the trash CONTACTS_PURGE_AFTER_DAYS (default 30) days, then is purged. Erasure deletes it at once.';

/** What the contacts module holds about people, for the record of processing (GDPR Art. 30). */
export const CONTACTS_PERSONAL_DATA: readonly PersonalDataCategory[] = [
  {
    name: 'contact-details',
    description: "A contact's name parts, company, job title, email addresses, phone numbers and tags.",
    purpose: "Manage the tenant's relationships with the people and organisations it works with.",
    lawfulBasis: 'legitimate-interests',
    retention: UNTIL_DELETED,
    fields: [
      'contacts.first_name',
      'contacts.middle_name',
      'contacts.last_name',
      'contacts.prefix',
      'contacts.suffix',
      'contacts.display_name',
      'contacts.company',
      'contacts.job_title',
      'contacts.emails',
      'contacts.phones',
      'contacts.tags',
    ],
  },
  {
    name: 'custom-field-values',
    description: 'Values of the custom fields the tenant defined on contacts (archived and role-restricted fields included).',
    purpose: 'Whatever the tenant records about its contacts beyond the standard fields.',
    lawfulBasis: 'legitimate-interests',
    retention: UNTIL_DELETED,
    fields: ['contacts.custom_fields'],
  },
  {
    name: 'ownership',
    description: 'Which member of the tenant owns, created and deleted each contact (user ids).',
    purpose: 'Assign contacts to the people responsible for them, and keep track of who changed them.',
    lawfulBasis: 'legitimate-interests',
    retention: 'With the contact; erasing the member removes their id from every contact.',
    fields: ['contacts.owner_id', 'contacts.created_by', 'contacts.deleted_by'],
  },
  {
    name: 'contact-identifiers',
    description: "Normalised copies of each contact's email addresses, phone numbers (E.164) and tags, for lookups.",
    purpose: 'Find duplicates, filter lists and answer data subject requests by email or phone.',
    lawfulBasis: 'legitimate-interests',
    retention: 'Exactly as long as the contact (deleted with it, by foreign key).',
    fields: ['contact_identifiers.value'],
  },
  ...IMPORT_PERSONAL_DATA,
  {
    name: 'contact-exports',
    description: 'CSV exports of contacts (copies of contact details and custom values) and who asked for them, with which filter.',
    purpose: 'Let the tenant take its contacts to other tools (spreadsheets, mailings, migrations).',
    lawfulBasis: 'legitimate-interests',
    retention:
      'Export files expire with the file store (FILES_DEFAULT_TTL_SECONDS, default 7 days); the request rows stay. Erasing contacts deletes every export file of the tenant; erasing a member deletes their exports.',
    fields: ['contact_exports.requested_by', 'contact_exports.filter', 'files (module contacts)'],
  },
];
