import { getCountries } from 'libphonenumber-js/max';
import { z } from 'zod';
import { IMPORT_SETTINGS } from './import/import-settings';

/** ISO 3166-1 alpha-2 regions libphonenumber knows (what `defaultCountry` accepts). */
export const PHONE_COUNTRIES = getCountries();

/** The contacts module's settings (environment prefix `CONTACTS_`). */
export const contactsConfigSchema = z.object({
  defaultPhoneCountry: z
    .string()
    .optional()
    .transform((value) => (value === '' || value === undefined ? undefined : value.toUpperCase()))
    .refine((value) => value === undefined || (PHONE_COUNTRIES as readonly string[]).includes(value), 'must be an ISO 3166-1 alpha-2 region such as GB or FR')
    .describe('Region of phone numbers given without + and country code (e.g. GB). Unset: only international numbers are accepted, unless a request names its defaultCountry.'),
  purgeAfterDays: z.coerce
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(30)
    .describe('Days a deleted contact stays in the trash (restorable) before the nightly purge deletes it for good.'),
  ...IMPORT_SETTINGS,
});

export type ContactsConfig = z.infer<typeof contactsConfigSchema>;
