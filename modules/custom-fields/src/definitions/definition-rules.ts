import type { FieldProblem } from '@tessera/module-sdk';
import type { CustomFieldConstraints, CustomFieldOption, CustomFieldType, CustomFieldValue } from '../contract/custom-field-types';
import { handlerOf, isSelectType } from '../types/field-types';
import { TYPE_LIMITS } from '../types/type-limits';

/** A definition as it would be stored, before it is: the result of a create or of a change. */
export interface DefinitionDraft {
  readonly key: string;
  readonly type: CustomFieldType;
  readonly required: boolean;
  readonly unique: boolean;
  /** Raw (unchecked) default; `null` for none. */
  readonly default: unknown;
  readonly constraints: CustomFieldConstraints;
  readonly options: readonly CustomFieldOption[];
  readonly readRoles: readonly string[] | null;
  readonly writeRoles: readonly string[] | null;
}

export const OPTION_KEY = /^[a-z0-9][a-z0-9_-]{0,49}$/;

/**
 * Every rule a definition must satisfy on its own (what needs the database, pattern syntax and stored
 * values, is checked by the service). Returns the problems and the default in its stored form.
 */
export function checkDefinition(draft: DefinitionDraft, maxOptions: number): { problems: FieldProblem[]; default: CustomFieldValue | null } {
  const handler = handlerOf(draft.type);
  const problems: FieldProblem[] = [...handler.checkConstraints(draft.constraints)];

  if (isSelectType(draft.type)) {
    if (draft.options.length === 0) problems.push({ field: 'options', message: `a ${draft.type} field needs at least one option.` });
    if (draft.options.length > maxOptions) problems.push({ field: 'options', message: `must have at most ${maxOptions} options (archived ones count).` });
    const seen = new Set<string>();
    draft.options.forEach((option, i) => {
      if (!OPTION_KEY.test(option.key)) problems.push({ field: `options.${i}.key`, message: 'must be 1-50 lower-case letters, digits, "_" or "-", starting with a letter or digit.' });
      if (seen.has(option.key)) problems.push({ field: `options.${i}.key`, message: `"${option.key}" is used twice.` });
      seen.add(option.key);
      if (option.label.length < 1 || option.label.length > TYPE_LIMITS.optionLabelMaxLength) {
        problems.push({ field: `options.${i}.label`, message: `must be 1 to ${TYPE_LIMITS.optionLabelMaxLength} characters.` });
      }
    });
  } else if (draft.options.length > 0) {
    problems.push({ field: 'options', message: `only select fields have options, not ${draft.type} fields.` });
  }

  if (draft.unique && !handler.uniqueAllowed) problems.push({ field: 'unique', message: `${draft.type} fields cannot be unique.` });

  let stored: CustomFieldValue | null = null;
  if (draft.default !== null && draft.default !== undefined) {
    if (draft.unique) problems.push({ field: 'default', message: 'a unique field cannot have a default (every record would get the same value).' });
    // Only checkable once the constraints and options are valid.
    if (problems.length === 0) {
      const checked = handler.normalize(draft.default, draft);
      if (checked.ok) stored = checked.value as CustomFieldValue;
      else problems.push({ field: 'default', message: checked.message });
    }
  }

  if (draft.readRoles !== null && (draft.writeRoles === null || draft.writeRoles.some((role) => !draft.readRoles!.includes(role)))) {
    problems.push({ field: 'writeRoles', message: 'when readRoles restrict a field, writeRoles must list some of those roles (who cannot read a field cannot write it).' });
  }
  if (draft.required && draft.writeRoles !== null && draft.default === null) {
    problems.push({ field: 'default', message: 'a required field that only some roles may write needs a default, or the others could not create records.' });
  }
  return { problems, default: stored };
}
