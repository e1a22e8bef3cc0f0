import type { FieldProblem } from '@tessera/module-sdk';
import type { ContactPhone } from './contact.entity';
import { normalizePhone } from './phone-numbers';

/** The rule every contact satisfies after every write, and how it is reported (400 on each field). */
export const IDENTITY_RULE = 'A contact needs at least one of firstName, lastName, company or an email.';

export function identityProblems(contact: {
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly company: string | null;
  readonly emails: readonly unknown[];
}): FieldProblem[] {
  if (contact.firstName || contact.lastName || contact.company || contact.emails.length > 0) return [];
  return ['firstName', 'lastName', 'company', 'emails'].map((field) => ({ field, message: `at least one of firstName, lastName, company or emails is required (${IDENTITY_RULE})` }));
}

/**
 * Phone numbers in E.164, read in `country` when national; each refusal names `phones.<i>.number` with the
 * reason, and a number given twice (in any format) names its second occurrence.
 */
export function normalizePhones(
  input: ReadonlyArray<{ readonly number: string; readonly label?: string | null }>,
  country: string | undefined,
): { phones: ContactPhone[]; problems: FieldProblem[] } {
  const phones: ContactPhone[] = [];
  const problems: FieldProblem[] = [];
  const seen = new Map<string, number>();
  input.forEach((phone, index) => {
    const field = `phones.${index}.number`;
    const checked = normalizePhone(phone.number, country);
    if (!checked.ok) {
      problems.push({ field, message: checked.reason });
      return;
    }
    const first = seen.get(checked.number);
    if (first !== undefined) {
      problems.push({ field, message: `is the same number as phones.${first}.number (${checked.number}).` });
      return;
    }
    seen.set(checked.number, index);
    phones.push({ number: checked.number, label: phone.label ?? null });
  });
  return { phones, problems };
}
