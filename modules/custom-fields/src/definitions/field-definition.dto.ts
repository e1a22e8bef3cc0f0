import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { CUSTOM_FIELD_TYPES } from '../contract/custom-field-types';

/** A target name. Its OpenAPI description and example list the loaded targets (see TargetNamesInDocs). */
export const targetName = z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'must be the name of a custom-field target, such as "contact"').max(50);

const fieldKey = z.string().regex(/^[a-z][a-z0-9_]{0,49}$/, 'must be 1-50 lower-case letters, digits or "_", starting with a letter');
const roleKey = z.string().regex(/^[a-z][a-z0-9-]{1,49}$/, 'must be a role key such as "admin" or "sales-manager"');
const roleList = z
  .array(roleKey)
  .min(1)
  .max(20)
  .nullable()
  .meta({ example: null, description: 'Role keys; null: no restriction. Owners always have access. API keys hold no roles.' });

const constraints = z
  .object({
    minLength: z.number().int().optional(),
    maxLength: z.number().int().optional(),
    pattern: z.string().optional().describe('text only: a PostgreSQL regular expression (no back-references)'),
    min: z.union([z.number(), z.string()]).optional().describe('number; decimal/currency amount as "12.50"; date/date_time as ISO strings'),
    max: z.union([z.number(), z.string()]).optional(),
    scale: z.number().int().optional().describe('decimal only: digits after the point (default 2)'),
    currencies: z.array(z.string()).optional().describe('currency only: allowed ISO 4217 codes'),
    minItems: z.number().int().optional(),
    maxItems: z.number().int().optional(),
  })
  .strict()
  .meta({ example: { maxLength: 100 }, description: 'Per-type constraints; see the custom-fields README.' });

const option = z
  .object({
    key: z.string().min(1).max(50),
    label: z.string().min(1).max(100),
    archived: z.boolean().optional(),
  })
  .strict();

export class CreateFieldDto extends createZodDto(
  z
    .object({
      target: targetName,
      key: fieldKey.meta({ example: 'customer_tier' }),
      label: z.string().min(1).max(100),
      helpText: z.string().max(500).optional(),
      type: z.enum(CUSTOM_FIELD_TYPES).meta({ example: 'text' }),
      required: z.boolean().optional(),
      unique: z.boolean().optional(),
      default: z.unknown().optional().describe('A value of the field type, applied to new records without one.'),
      constraints: constraints.optional(),
      options: z.array(option).max(1000).optional().meta({ example: [], description: 'Select fields: their options, in display order.' }),
      readRoles: roleList.optional(),
      writeRoles: roleList.optional(),
    })
    .strict(),
) {}

export class UpdateFieldDto extends createZodDto(
  z
    .object({
      label: z.string().min(1).max(100).optional(),
      helpText: z.string().max(500).optional(),
      type: z.enum(CUSTOM_FIELD_TYPES).optional().describe('Allowed only when every stored value converts; see the README.'),
      required: z.boolean().optional(),
      unique: z.boolean().optional(),
      default: z.unknown().optional().describe('null removes the default.'),
      constraints: constraints.optional().describe('Replaces the constraints as a whole.'),
      options: z
        .array(option)
        .max(1000)
        .optional()
        .meta({ example: [], description: 'Merged by key: new keys are added, existing ones renamed or (un)archived. Options are never deleted.' }),
      readRoles: roleList.optional(),
      writeRoles: roleList.optional(),
      archived: z.boolean().optional().describe('Archiving hides the values without deleting them.'),
      key: z.string().optional().describe('Keys are immutable: only the current key is accepted.'),
      target: z.string().optional().describe('The target is immutable: only the current one is accepted.'),
    })
    .strict(),
) {}

export class ListFieldsQueryDto extends createZodDto(
  z.object({
    target: targetName.optional(),
    includeArchived: z
      .enum(['true', 'false'])
      .default('false')
      .transform((value) => value === 'true'),
    limit: z.coerce.number().int().min(1).max(200).default(100),
    cursor: z.uuid().optional().describe('nextCursor of the previous page'),
  }),
) {}

export class FieldIdParamDto extends createZodDto(z.object({ id: z.uuid().meta({ example: '01936f7e-8c1a-7b2e-9f3d-2a4b5c6d7e8f' }) })) {}
