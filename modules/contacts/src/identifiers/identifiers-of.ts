/** The kinds of rows in `contact_identifiers`. */
export type IdentifierKind = 'email' | 'phone' | 'tag';

export interface Identifier {
  readonly kind: IdentifierKind;
  readonly value: string;
}

/** A contact's lookup rows: its normalised emails, phones (E.164) and tags, each once. */
export function identifiersOf(contact: {
  readonly emails: ReadonlyArray<{ readonly address: string }>;
  readonly phones: ReadonlyArray<{ readonly number: string }>;
  readonly tags: readonly string[];
}): Identifier[] {
  const rows = [
    ...contact.emails.map((email) => ({ kind: 'email' as const, value: email.address })),
    ...contact.phones.map((phone) => ({ kind: 'phone' as const, value: phone.number })),
    ...contact.tags.map((tag) => ({ kind: 'tag' as const, value: tag })),
  ];
  const seen = new Set<string>();
  return rows.filter((row) => {
    const key = `${row.kind}\u0000${row.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
