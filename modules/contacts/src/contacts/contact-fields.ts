import { z } from 'zod';
import { PHONE_COUNTRIES } from '../contacts.config';

// C0 and C1 controls, DEL, and the Unicode line and paragraph separators: every text field is one line.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;
const noControl = (value: string) => !CONTROL.test(value);
const ONE_LINE = 'must be one line without control characters';

/** The standard text fields and their limits (characters, as JavaScript counts them). */
export const TEXT_FIELD_LIMITS = {
  firstName: 100,
  middleName: 100,
  lastName: 100,
  prefix: 30,
  suffix: 30,
  company: 200,
  jobTitle: 200,
} as const;

export type TextField = keyof typeof TEXT_FIELD_LIMITS;
export const TEXT_FIELDS = Object.keys(TEXT_FIELD_LIMITS) as TextField[];

export const MAX_EMAILS = 10;
export const MAX_PHONES = 10;
export const MAX_TAGS = 50;
export const MAX_TAG_LENGTH = 50;
export const MAX_LABEL_LENGTH = 50;
export const MAX_EMAIL_LENGTH = 254;

/** Trimmed, one line, at most `max` characters. */
const line = (max: number) => z.string().trim().max(max).refine(noControl, ONE_LINE);

/** A nullable text field: trimmed, and an empty string means "no value" (null). */
export const optionalText = (max: number) =>
  line(max)
    .transform((value) => (value === '' ? null : value))
    .nullable();

const label = optionalText(MAX_LABEL_LENGTH).optional().describe('e.g. "work", "home"; null or omitted: none');

const emailCheck = z.email();

/** Lower-cased and trimmed, then checked (zod's email format): one stored form per address. */
export const emailAddress = z
  .string()
  .trim()
  .toLowerCase()
  .max(MAX_EMAIL_LENGTH)
  .refine((value) => emailCheck.safeParse(value).success, 'must be an email address such as ada@example.com')
  .meta({ format: 'email' });

/** A tag: trimmed, lower-cased, inner whitespace collapsed to one space. */
export const tag = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(MAX_TAG_LENGTH)
  .refine(noControl, ONE_LINE)
  .transform((value) => value.replace(/\s+/g, ' '));

/** Reports the second and later occurrences of one value in a list, naming the first one. */
function unique<T>(list: string, keyOf: (item: T) => string, property?: string) {
  return (items: readonly T[], ctx: z.RefinementCtx) => {
    const seen = new Map<string, number>();
    items.forEach((item, index) => {
      const key = keyOf(item);
      const first = seen.get(key);
      if (first === undefined) seen.set(key, index);
      else ctx.addIssue({ code: 'custom', path: property ? [index, property] : [index], message: `duplicates ${list}.${first}${property ? `.${property}` : ''}` });
    });
  };
}

export const emailList = z
  .array(z.object({ address: emailAddress, label }).strict())
  .max(MAX_EMAILS)
  .superRefine(unique('emails', (email: { address: string }) => email.address, 'address'));

/** Phone numbers are normalised (E.164) by the service: that needs the default country of the request. */
export const phoneList = z
  .array(
    z
      .object({
        number: z.string().trim().min(1).max(40).meta({ example: '+442071838750', description: 'International (+ and country code), or national with a defaultCountry.' }),
        label,
      })
      .strict(),
  )
  .max(MAX_PHONES);

export const tagList = z.array(tag).max(MAX_TAGS).superRefine(unique('tags', (value: string) => value));

export const defaultCountry = z
  .enum(PHONE_COUNTRIES as [string, ...string[]])
  .meta({ example: 'GB', description: 'ISO 3166-1 alpha-2 region of national phone numbers in this request (overrides the CONTACTS_DEFAULT_PHONE_COUNTRY setting).' });

/** A uuid in its canonical lower-case form (PostgreSQL compares uuids case-insensitively; our maps do not). */
export const uuid = () => z.uuid().transform((value) => value.toLowerCase());

export const ownerId = uuid().nullable().meta({ example: null, description: 'A member of the tenant; null: nobody. Default on create: the creating user.' });

export const customFieldsInput = z
  .record(z.string(), z.unknown())
  .meta({ description: 'Custom field key → value (see GET /custom-fields/fields?target=contact). On update, a partial change: null clears one.' });
