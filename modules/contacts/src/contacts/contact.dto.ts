import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { customFieldsInput, defaultCountry, emailList, optionalText, ownerId, phoneList, tagList, TEXT_FIELD_LIMITS, uuid } from './contact-fields';

const textFields = {
  firstName: optionalText(TEXT_FIELD_LIMITS.firstName).optional(),
  middleName: optionalText(TEXT_FIELD_LIMITS.middleName).optional(),
  lastName: optionalText(TEXT_FIELD_LIMITS.lastName).optional(),
  prefix: optionalText(TEXT_FIELD_LIMITS.prefix).optional().describe('Honorific, e.g. "Dr"'),
  suffix: optionalText(TEXT_FIELD_LIMITS.suffix).optional().describe('e.g. "Jr.", "PhD"'),
  company: optionalText(TEXT_FIELD_LIMITS.company).optional(),
  jobTitle: optionalText(TEXT_FIELD_LIMITS.jobTitle).optional(),
};

export class CreateContactDto extends createZodDto(
  z
    .object({
      ...textFields,
      emails: emailList.optional(),
      phones: phoneList.optional(),
      tags: tagList.optional(),
      ownerId: ownerId.optional(),
      customFields: customFieldsInput.optional(),
      defaultCountry: defaultCountry.optional(),
    })
    .strict(),
) {}

/** Every field optional; null clears a field (and empties a list). Lists are replaced as a whole. */
export class UpdateContactDto extends createZodDto(
  z
    .object({
      ...textFields,
      emails: emailList.nullable().optional(),
      phones: phoneList.nullable().optional(),
      tags: tagList.nullable().optional(),
      ownerId: ownerId.optional(),
      customFields: customFieldsInput.optional(),
      defaultCountry: defaultCountry.optional(),
    })
    .strict(),
) {}

export class ContactIdDto extends createZodDto(z.object({ id: uuid() })) {}

export class GetContactQueryDto extends createZodDto(
  z
    .object({
      includeDeleted: z
        .enum(['true', 'false'])
        .optional()
        .transform((value) => value === 'true')
        .describe('true: also answer a contact in the trash (needs contacts.delete).'),
    })
    .strict(),
) {}

export type CreateContactInput = z.output<(typeof CreateContactDto)['schema']>;
export type UpdateContactInput = z.output<(typeof UpdateContactDto)['schema']>;
