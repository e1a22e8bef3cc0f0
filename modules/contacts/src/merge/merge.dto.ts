import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { uuid } from '../contacts/contact-fields';
import { PREFERABLE_FIELDS } from './merge-plan';

const preference = z.enum(['target', 'source']);

export class MergeContactDto extends createZodDto(
  z
    .object({
      sourceId: uuid().describe('The contact merged into this one; it is deleted and answers 404 CONTACT_MERGED afterwards.'),
      sourceVersion: z.number().int().positive().optional().describe("The source's version you merged from (its ETag without quotes): 412 if it changed since."),
      prefer: z
        .object(Object.fromEntries(PREFERABLE_FIELDS.map((field) => [field, preference.optional()])) as Record<(typeof PREFERABLE_FIELDS)[number], z.ZodOptional<typeof preference>>)
        .strict()
        .optional()
        .meta({
          example: { company: 'source' },
          description: 'Per standard field: target keeps the target value (even empty), source takes the source value when it has one. Default: target wins, empty fields filled from the source.',
        }),
    })
    .strict(),
) {}

export type MergeContactInput = z.output<(typeof MergeContactDto)['schema']>;
