import type { CustomFieldDefinition } from '@tessera/custom-fields';
import type { TextField } from '../../contacts/contact-fields';
import { isListTarget, type ImportMapping, type ImportTarget, type ListTarget } from './import-targets';

/** Header names as compared: lower case, letters and digits only ("E-mail" → "email", "First name" → "firstname"). */
export const headerKey = (name: string): string =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/** Common header names of each standard field (English, plus a few of the usual CRM and spreadsheet exports). */
const TEXT_SYNONYMS: Readonly<Record<TextField, readonly string[]>> = {
  firstName: ['firstname', 'first', 'givenname', 'forename', 'prenom', 'vorname', 'fname'],
  middleName: ['middlename', 'middle', 'middleinitial'],
  lastName: ['lastname', 'last', 'surname', 'familyname', 'nom', 'nachname', 'lname'],
  prefix: ['prefix', 'salutation', 'honorific', 'nameprefix'],
  suffix: ['suffix', 'namesuffix'],
  company: ['company', 'companyname', 'organization', 'organisation', 'organizationname', 'org', 'account', 'accountname', 'employer', 'business'],
  jobTitle: ['jobtitle', 'title', 'position', 'role', 'jobposition'],
};

const LIST_PATTERNS: Readonly<Record<ListTarget, (key: string) => boolean>> = {
  emails: (key) => key.includes('email') || key === 'mail' || key === 'emailaddress',
  phones: (key) => key.includes('phone') || ['mobile', 'cell', 'cellular', 'tel', 'telephone', 'telefon', 'mobilenumber', 'cellnumber'].includes(key),
  tags: (key) => ['tag', 'tags', 'label', 'labels', 'keywords'].includes(key),
};

function standardTarget(key: string): ImportTarget | null {
  for (const [field, names] of Object.entries(TEXT_SYNONYMS)) if (names.includes(key)) return field as TextField;
  for (const [list, matches] of Object.entries(LIST_PATTERNS)) if (matches(key)) return list as ListTarget;
  return null;
}

/**
 * A first mapping for the client to show and correct: a column named like the API names a field (`firstName`,
 * `customFields.tier`: the header of an export) maps to it; then standard fields by common header names ("First
 * name", "E-mail", "Phone", "Company", "Tags"...), then custom fields by label or key. A text field or custom field
 * is suggested for one column only (the first); lists (emails, phones, tags) may take several columns. Export
 * columns that are not input (`id`, `displayName`, `ownerId`, timestamps) map to nothing.
 */
export function suggestMapping(columns: readonly string[], fields: readonly CustomFieldDefinition[]): ImportMapping {
  const used = new Set<ImportTarget>();
  const custom = new Map<string, ImportTarget>();
  const exact = new Set<string>(fields.map((field) => `customFields.${field.key}`));
  for (const field of fields) {
    const target = `customFields.${field.key}` as const;
    for (const name of [field.label, field.key]) if (!custom.has(headerKey(name))) custom.set(headerKey(name), target);
  }
  const pairs: Array<[string, ImportTarget | null]> = columns.map((column) => {
    const key = headerKey(column);
    const target = exact.has(column) ? (column as ImportTarget) : (standardTarget(key) ?? custom.get(key) ?? null);
    if (!target || (!isListTarget(target) && used.has(target))) return [column, null];
    used.add(target);
    return [column, target];
  });
  return Object.fromEntries(pairs); // own properties whatever the column names ("__proto__" included)
}
