import { customFieldFilterParam } from '@tessera/custom-fields';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { defaultCountry, emailAddress, tag, TEXT_FIELD_LIMITS, uuid } from '../contacts/contact-fields';
import { SORT_PATTERN, SORT_SYNTAX } from './contact-sorts';

export const MAX_TAG_FILTERS = 10;
export const DEFAULT_LIST_LIMIT = 50;

const instant = z.iso.datetime({ offset: true }).meta({ example: '2026-01-31T00:00:00Z' });

/**
 * The list's filters, ANDed: also what an export takes (`POST /contacts/exports` `filter`), so both select
 * contacts with the same code (`contactFilterConditions`).
 */
export const contactFilterShape = {
  deleted: z.enum(['exclude', 'only']).default('exclude').describe('only: the trash (needs contacts.delete).'),
  tag: z
    .preprocess((value) => (typeof value === 'string' ? [value] : value), z.array(tag).min(1).max(MAX_TAG_FILTERS))
    .optional()
    .describe('Repeatable: contacts holding every one of the tags.'),
  ownerId: uuid().optional(),
  company: z.string().trim().min(1).max(TEXT_FIELD_LIMITS.company).optional().describe('Exact company name, case-insensitive.'),
  email: emailAddress.optional().describe('Exact email address (case-insensitive).'),
  phone: z.string().trim().min(1).max(40).optional().describe('A phone number, normalised like a write (national with defaultCountry), matched exactly.'),
  defaultCountry: defaultCountry.optional(),
  createdAfter: instant.optional().describe('Created at or after this instant.'),
  createdBefore: instant.optional().describe('Created before this instant.'),
  updatedAfter: instant.optional().describe('Last changed at or after this instant.'),
  customFields: customFieldFilterParam.optional(),
};

export const contactFilterSchema = z.object(contactFilterShape).strict();

/** Which contacts a list or an export selects. */
export type ContactFilter = z.output<typeof contactFilterSchema>;

export class ListContactsQueryDto extends createZodDto(
  z
    .object({
      limit: z.coerce.number().int().min(1).max(100).default(DEFAULT_LIST_LIMIT),
      cursor: z.string().max(2000).optional().describe('nextCursor of the previous page, with the same sort.'),
      sort: z.string().max(100).regex(SORT_PATTERN, `must be ${SORT_SYNTAX}`).optional().describe(`${SORT_SYNTAX}; default -createdAt.`),
      ...contactFilterShape,
    })
    .strict(),
) {}

export type ListContactsQuery = z.output<(typeof ListContactsQueryDto)['schema']>;
