import type { CustomFieldDefinition } from '../contract/custom-field-types';
import type { FieldDefinition } from './field-definition.entity';

/** The definition as the API and the contract show it (dates as ISO strings: the same JSON everywhere). */
export function toView(entity: FieldDefinition): CustomFieldDefinition {
  return {
    id: entity.id,
    target: entity.target,
    key: entity.key,
    label: entity.label,
    helpText: entity.helpText,
    type: entity.type,
    required: entity.required,
    unique: entity.unique,
    default: entity.defaultValue ?? null,
    constraints: entity.constraints,
    options: entity.options,
    readRoles: entity.readRoles ?? null,
    writeRoles: entity.writeRoles ?? null,
    archived: entity.archivedAt !== null && entity.archivedAt !== undefined,
    createdAt: new Date(entity.createdAt).toISOString(),
    updatedAt: new Date(entity.updatedAt).toISOString(),
  };
}
