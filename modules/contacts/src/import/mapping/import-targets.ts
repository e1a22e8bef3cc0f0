import { z } from 'zod';
import { defaultCountry, TEXT_FIELDS, type TextField } from '../../contacts/contact-fields';

/** Contact lists a column can feed; several columns may feed one list (their items are joined in column order). */
export const LIST_TARGETS = ['emails', 'phones', 'tags'] as const;
export type ListTarget = (typeof LIST_TARGETS)[number];

/** The custom-field key syntax of the custom-fields module (an unknown key is refused later, by the contract). */
const CUSTOM_FIELD_TARGET = /^customFields\.[a-z][a-z0-9_]{0,49}$/;

/** Where a column goes: a standard field, a list, `customFields.<key>`, or nowhere (`null`). */
export type ImportTarget = TextField | ListTarget | `customFields.${string}`;

export const importTarget = z
  .string()
  .refine((value) => (TEXT_FIELDS as readonly string[]).includes(value) || (LIST_TARGETS as readonly string[]).includes(value) || CUSTOM_FIELD_TARGET.test(value), {
    message: `must be one of ${[...TEXT_FIELDS, ...LIST_TARGETS].join(', ')}, customFields.<key>, or null (column not imported)`,
  })
  .transform((value) => value as ImportTarget);

/** Column name → target; columns left out (or null) are not imported. */
export type ImportMapping = Readonly<Record<string, ImportTarget | null>>;

export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/**
 * What to do with a row whose email (else phone) matches a live contact: `skip` it (default), `update` that
 * contact (non-empty cells overwrite, list items are added), or `create` a new contact anyway.
 */
export const DUPLICATE_MODES = ['skip', 'update', 'create'] as const;
export type DuplicateMode = (typeof DUPLICATE_MODES)[number];

export const importOptions = z
  .object({
    duplicates: z.enum(DUPLICATE_MODES).default('skip').describe('A row matching a live contact by email (else phone): skip it, update that contact, or create another.'),
    defaultCountry: defaultCountry.optional(),
    delimiter: z.enum(DELIMITERS).optional().describe('Field delimiter; default: the one detected (or given) at upload. Changing it re-reads the header.'),
  })
  .strict();

export type ImportOptions = z.output<typeof importOptions>;

export const isCustomFieldTarget = (target: ImportTarget): target is `customFields.${string}` => target.startsWith('customFields.');
export const isListTarget = (target: ImportTarget): target is ListTarget => (LIST_TARGETS as readonly string[]).includes(target);
