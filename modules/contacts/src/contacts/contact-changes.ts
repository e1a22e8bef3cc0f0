import type { CustomFieldValues } from '@tessera/custom-fields';
import type { Contact, ContactEmail, ContactPhone } from './contact.entity';
import { TEXT_FIELDS, type TextField } from './contact-fields';

/** The standard fields of a write, already validated and normalised (phones in E.164). */
export interface StandardChanges {
  readonly text: Partial<Record<TextField, string | null>>;
  readonly emails?: readonly ContactEmail[];
  readonly phones?: readonly ContactPhone[];
  readonly tags?: readonly string[];
  readonly ownerId?: string | null;
}

/** JSON with object keys sorted: jsonb does not keep the key order values were written with. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) : v,
  );
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/** Applies the given fields (absent ones are left alone) and returns the names of those that changed. */
export function applyStandardChanges(contact: Contact, changes: StandardChanges): string[] {
  const changed: string[] = [];
  for (const field of TEXT_FIELDS) {
    const value = changes.text[field];
    if (value === undefined || contact[field] === value) continue;
    contact[field] = value;
    changed.push(field);
  }
  if (changes.emails && !same(contact.emails, changes.emails)) {
    contact.emails = [...changes.emails];
    changed.push('emails');
  }
  if (changes.phones && !same(contact.phones, changes.phones)) {
    contact.phones = [...changes.phones];
    changed.push('phones');
  }
  if (changes.tags && !same(contact.tags, changes.tags)) {
    contact.tags = [...changes.tags];
    changed.push('tags');
  }
  if (changes.ownerId !== undefined && contact.ownerId !== changes.ownerId) {
    contact.ownerId = changes.ownerId;
    changed.push('ownerId');
  }
  return changed;
}

/** `customFields.<key>` for every key whose stored value differs. */
export function changedCustomFields(before: CustomFieldValues, after: CustomFieldValues): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => !same(before[key], after[key])).map((key) => `customFields.${key}`);
}

/** Email and phone labels default to null: one stored shape. */
export const withLabels = <T extends { label?: string | null }>(items: readonly T[]): Array<Omit<T, 'label'> & { label: string | null }> =>
  items.map((item) => ({ ...item, label: item.label ?? null }));
