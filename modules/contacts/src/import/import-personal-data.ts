import type { PersonalDataCategory } from '@tessera/module-sdk';

/**
 * What imports keep about people, for the record of processing. Kept for a short, fixed time rather than
 * exported or erased per subject: the uploads are opaque files, and the row errors only quote refused values.
 */
export const IMPORT_PERSONAL_DATA: readonly PersonalDataCategory[] = [
  {
    name: 'contact-imports',
    description:
      'Uploaded CSV files of contacts and their error reports (in the platform file store, module contacts), and the per-row error messages of imports, which may quote a refused value.',
    purpose: 'Import contacts from files, and tell the importer which rows were refused and why.',
    lawfulBasis: 'legitimate-interests',
    retention:
      'Files: FILES_DEFAULT_TTL_SECONDS (7 days by default) after upload. Import records and row errors: CONTACTS_IMPORT_RETENTION_DAYS (default 30) after the import finished, then the nightly purge (which deletes any file still there).',
    fields: ['file_chunks.data', 'contact_import_rows.errors'],
  },
];
