import { z } from 'zod';

/** The custom-fields module's limits (environment prefix `CUSTOM_FIELDS_`). */
export const customFieldsConfigSchema = z.object({
  maxFieldsPerTarget: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(100)
    .describe('Custom fields one tenant may define per target, archived ones included (they still hold values).'),
  maxOptionsPerField: z.coerce.number().int().min(2).max(1000).default(200).describe('Options of one select field, archived ones included.'),
  maxValuesBytesPerRow: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1_048_576)
    .default(65_536)
    .describe('Size of all custom values of one row, as JSON in bytes (archived and hidden values included).'),
});

export type CustomFieldsConfig = z.infer<typeof customFieldsConfigSchema>;
