import { customFieldFilterParam } from '@tessera/custom-fields';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { uuid } from '../contacts/contact-fields';
import { contactFilterSchema } from '../list/list-contacts.dto';
import { MAX_EXPORT_COLUMNS } from './export-columns';

/** The list's filter; in a JSON body the custom-field filter may also be an object rather than its JSON text. */
const exportFilter = contactFilterSchema
  .extend({
    customFields: z.preprocess((value) => (typeof value === 'object' && value !== null ? JSON.stringify(value) : value), customFieldFilterParam).optional(),
  })
  .meta({ example: { tag: ['vip'] }, description: 'The filters of GET /contacts (same names and rules); default: every live contact.' });

export class StartContactExportDto extends createZodDto(
  z
    .object({
      filter: exportFilter.default({ deleted: 'exclude' }),
      columns: z
        .array(z.string().min(1).max(100))
        .min(1)
        .max(MAX_EXPORT_COLUMNS)
        .optional()
        .meta({
          example: ['displayName', 'emails', 'phones', 'company'],
          description: 'Columns in order: standard fields (id, displayName, firstName, ..., emails, phones, tags, ownerId, createdAt, updatedAt, deletedAt) and customFields.<key>. Default: every standard field and every custom field you can read.',
        }),
    })
    .strict(),
) {}

export type StartContactExportInput = z.output<(typeof StartContactExportDto)['schema']>;

export class ContactExportIdDto extends createZodDto(z.object({ id: uuid() })) {}

/** `Idempotency-Key`: a repeated request with the same key answers the export the first one started. */
export const idempotencyKeyHeader = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\x21-\x7e]+$/, 'must be 1-100 printable ASCII characters without spaces');
