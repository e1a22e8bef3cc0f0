import { Entity, Property, type Opt } from '@mikro-orm/core';
import { TenantOwnedEntity } from '@tessera/module-sdk';
import type { CustomFieldConstraints, CustomFieldOption, CustomFieldType, CustomFieldValue } from '../contract/custom-field-types';

/** A tenant's definition of one custom field of one target. Values live in the target's rows, not here. */
@Entity({ tableName: 'custom_field_definitions' })
export class FieldDefinition extends TenantOwnedEntity {
  @Property({ type: 'text' })
  target!: string;

  /** Immutable: it is the key of the values in every row of the target. */
  @Property({ type: 'text' })
  key!: string;

  @Property({ type: 'text' })
  label!: string;

  @Property({ type: 'text', fieldName: 'help_text' })
  helpText: Opt<string> = '';

  @Property({ type: 'text' })
  type!: CustomFieldType;

  @Property({ type: 'boolean' })
  required: Opt<boolean> = false;

  @Property({ type: 'boolean' })
  unique: Opt<boolean> = false;

  @Property({ type: 'json', fieldName: 'default_value', nullable: true })
  defaultValue: Opt<CustomFieldValue> | null = null;

  @Property({ type: 'json' })
  constraints: Opt<CustomFieldConstraints> = {};

  @Property({ type: 'json' })
  options: Opt<CustomFieldOption[]> = [];

  @Property({ type: 'text[]', fieldName: 'read_roles', nullable: true })
  readRoles: Opt<string[]> | null = null;

  @Property({ type: 'text[]', fieldName: 'write_roles', nullable: true })
  writeRoles: Opt<string[]> | null = null;

  @Property({ type: 'datetime', fieldName: 'archived_at', nullable: true })
  archivedAt: Opt<Date> | null = null;
}
