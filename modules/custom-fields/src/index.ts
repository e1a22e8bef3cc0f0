/**
 * @tessera/custom-fields — tenant-defined fields on other modules' entities. The registry loads
 * `customFieldsModule`; target modules inject `CUSTOM_FIELDS` (declare `dependsOn: { 'custom-fields': '^1.0.0' }`)
 * and use only the contract below.
 */
export { customFieldsModule } from './custom-fields.module';
export type { CustomFieldsConfig } from './custom-fields.config';
export { CUSTOM_FIELDS } from './contract/custom-fields.contract';
export type { ColumnOptions, CustomFields, CustomFieldSort, SqlFragment, TargetCustomFields, WriteOptions } from './contract/custom-fields.contract';
export { CUSTOM_FIELD_TYPES } from './contract/custom-field-types';
export type {
  CurrencyValue,
  CustomFieldConstraints,
  CustomFieldDefinition,
  CustomFieldOption,
  CustomFieldType,
  CustomFieldValue,
  CustomFieldValues,
} from './contract/custom-field-types';
export {
  CUSTOM_FIELD_FILTER_OPERATORS,
  CUSTOM_FIELD_SORT_PREFIX,
  customFieldFilterParam,
  MAX_FILTER_CONDITIONS,
  MAX_FILTER_IN_VALUES,
  OPERATORS_BY_TYPE,
  parseCustomFieldSort,
} from './contract/filter-syntax';
export type { CustomFieldCondition, CustomFieldFilter, CustomFieldFilterOperator, CustomFieldSortSpec } from './contract/filter-syntax';
