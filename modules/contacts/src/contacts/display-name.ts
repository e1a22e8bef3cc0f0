/** What the display name is made of. */
export interface NameParts {
  readonly prefix: string | null;
  readonly firstName: string | null;
  readonly middleName: string | null;
  readonly lastName: string | null;
  readonly suffix: string | null;
  readonly company: string | null;
  readonly emails: ReadonlyArray<{ readonly address: string }>;
}

/**
 * "Dr Ada King Lovelace PhD": the name parts in Western order, joined by spaces. A contact without any name
 * part is shown by its company, then by its first email (a contact always has one of them).
 */
export function displayNameOf(parts: NameParts): string {
  const name = [parts.prefix, parts.firstName, parts.middleName, parts.lastName, parts.suffix].filter((part): part is string => Boolean(part)).join(' ');
  // A prefix or suffix alone ("Dr") is not a name.
  const hasName = Boolean(parts.firstName || parts.middleName || parts.lastName);
  return (hasName ? name : '') || parts.company || parts.emails[0]?.address || name;
}
