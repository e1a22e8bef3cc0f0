import { defineModule } from '@tessera/module-sdk';
import { customFieldsConfigSchema } from './custom-fields.config';
import { CUSTOM_FIELDS_MIGRATIONS } from './custom-fields.migrations';
import { CUSTOM_FIELDS_PERMISSIONS } from './custom-fields.permissions';
import { CustomFieldsNestModule } from './custom-fields-nest.module';
import { FieldDefinition } from './definitions/field-definition.entity';

/** Tenant-defined fields on the entities of any module that declares a custom-field target. */
export const customFieldsModule = defineModule({
  name: 'custom-fields',
  version: '1.0.0',
  platform: '^1.0.0',
  description: 'Tenant-defined custom fields on any module entity that declares a custom-field target: definitions, one shared validator, filters and sorts.',
  critical: true,
  nestModule: CustomFieldsNestModule,
  config: customFieldsConfigSchema,
  permissions: CUSTOM_FIELDS_PERMISSIONS,
  entities: [FieldDefinition],
  migrations: CUSTOM_FIELDS_MIGRATIONS,
});
