import type { Contact, ContactEmail, ContactPhone } from '../contacts/contact.entity';
import type { StandardChanges } from '../contacts/contact-changes';
import { MAX_EMAILS, MAX_PHONES, MAX_TAGS, TEXT_FIELDS, type TextField } from '../contacts/contact-fields';

/** Standard fields whose merge a caller can steer with `prefer`. */
export const PREFERABLE_FIELDS = [...TEXT_FIELDS, 'ownerId'] as const;
export type PreferableField = (typeof PREFERABLE_FIELDS)[number];

/**
 * Per field: `target` keeps the target's value even when it is empty; `source` takes the source's value
 * when it has one. Without a preference the target's value wins and an empty one is filled from the source.
 */
export type MergePreferences = Partial<Record<PreferableField, 'target' | 'source'>>;

export interface MergePlan {
  /** Every standard field of the merged contact. */
  readonly changes: Required<Pick<StandardChanges, 'emails' | 'phones' | 'tags'>> & { readonly text: Record<TextField, string | null>; readonly ownerId: string | null };
  /** Lists that would exceed their limit once unioned. */
  readonly overLimits: ReadonlyArray<{ readonly field: 'emails' | 'phones' | 'tags'; readonly count: number; readonly limit: number }>;
}

function pick<T>(target: T | null, source: T | null, preference: 'target' | 'source' | undefined): T | null {
  if (preference === 'target') return target;
  if (preference === 'source') return source ?? target;
  return target ?? source;
}

/** The target's items first, then the source's that the target does not have (by `keyOf`). */
function union<T>(target: readonly T[], source: readonly T[], keyOf: (item: T) => string): T[] {
  const keys = new Set(target.map(keyOf));
  return [...target, ...source.filter((item) => !keys.has(keyOf(item)))];
}

/** What merging `source` into `target` gives, before custom fields (which go through the contract). */
export function planMerge(target: Contact, source: Contact, prefer: MergePreferences): MergePlan {
  const text = Object.fromEntries(TEXT_FIELDS.map((field) => [field, pick(target[field], source[field], prefer[field])])) as Record<TextField, string | null>;
  const emails = union<ContactEmail>(target.emails, source.emails, (email) => email.address);
  const phones = union<ContactPhone>(target.phones, source.phones, (phone) => phone.number);
  const tags = union<string>(target.tags, source.tags, (tag) => tag);
  const overLimits = [
    { field: 'emails' as const, count: emails.length, limit: MAX_EMAILS },
    { field: 'phones' as const, count: phones.length, limit: MAX_PHONES },
    { field: 'tags' as const, count: tags.length, limit: MAX_TAGS },
  ].filter((list) => list.count > list.limit);
  return { changes: { text, emails, phones, tags, ownerId: pick(target.ownerId, source.ownerId, prefer.ownerId) }, overLimits };
}
