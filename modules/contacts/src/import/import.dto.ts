import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { uuid } from '../contacts/contact-fields';
import { DELIMITERS, importOptions, importTarget } from './mapping/import-targets';

export class ImportIdDto extends createZodDto(z.object({ id: uuid() })) {}

export class UploadImportQueryDto extends createZodDto(
  z
    .object({
      filename: z
        .string()
        .trim()
        .min(1)
        .max(255)
        // eslint-disable-next-line no-control-regex -- control characters are what is refused
        .regex(/^[^/\\\u0000-\u001f\u007f]+$/, 'must be a file name without path separators or control characters')
        .optional()
        .describe('The file name shown in the import and its report; default contacts.csv.'),
      delimiter: z.enum(DELIMITERS).optional().describe('Field delimiter; default: detected from the header row (",", ";", tab or "|").'),
    })
    .strict(),
) {}

export class StartImportDto extends createZodDto(
  z
    .object({
      mapping: z
        .record(z.string().max(200), importTarget.nullable())
        .refine((mapping) => Object.keys(mapping).length <= 1000, 'maps at most 1000 columns')
        .meta({ description: 'CSV column → firstName, lastName, ..., emails, phones, tags, customFields.<key>, or null (not imported).', example: { 'First name': 'firstName', 'E-mail': 'emails' } }),
      options: importOptions.default({ duplicates: 'skip' }),
    })
    .strict(),
) {}

export class ListImportsQueryDto extends createZodDto(
  z
    .object({
      limit: z.coerce.number().int().min(1).max(100).default(20),
      cursor: uuid().optional().describe('nextCursor of the previous page.'),
    })
    .strict(),
) {}

/** An `Idempotency-Key` header: what a client sends to make a retried start safe. */
export const idempotencyKey = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'must be 1-200 visible ASCII characters')
  .optional();

export type StartImportInput = z.output<(typeof StartImportDto)['schema']>;
export type UploadImportQuery = z.output<(typeof UploadImportQueryDto)['schema']>;
export type ListImportsQuery = z.output<(typeof ListImportsQueryDto)['schema']>;
