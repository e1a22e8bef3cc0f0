import { ForbiddenError, ValidationError, type CustomFieldTarget, type EntityManager, type FieldProblem } from '@tessera/module-sdk';
import type { CustomFieldDefinition, CustomFieldValue, CustomFieldValues } from '../contract/custom-field-types';
import { isPlainObject } from '../types/field-type';
import { handlerOf } from '../types/field-types';
import { canRead, canWrite, type Caller } from './field-access';
import { checkUnique, failedPatterns, type PatternCheck, type UniqueCheck } from './value-checks';

/** What one write needs: the target's fields as loaded under the target's shared lock, and who writes. */
export interface WriteContext {
  readonly em: EntityManager;
  readonly target: CustomFieldTarget;
  readonly fields: ReadonlyMap<string, CustomFieldDefinition>;
  readonly caller: Caller;
  readonly maxValuesBytesPerRow: number;
  /** Unique values accepted earlier in this unit of work. */
  readonly claimed: Map<string, string>;
}

/** `null`, `""` and `[]` mean "no value": the key is not stored. */
const isEmpty = (value: unknown) => value === null || value === '' || (Array.isArray(value) && value.length === 0);

interface Outcome {
  readonly values: Record<string, CustomFieldValue>;
  readonly changed: string[];
}

/** Checks each key of `input` and merges the accepted values into `base`. Throws on any problem. */
async function apply(ctx: WriteContext, input: unknown, base: CustomFieldValues, path: string, creating: boolean, rowId: string | undefined): Promise<Outcome> {
  if (input === undefined || input === null) input = {};
  if (!isPlainObject(input)) throw new ValidationError([{ field: path, message: 'must be an object of custom values by field key.' }]);
  const values: Record<string, CustomFieldValue> = { ...base };
  const problems: FieldProblem[] = [];
  const forbidden: string[] = [];
  const changed: string[] = [];
  const patterns: PatternCheck[] = [];

  for (const [key, raw] of Object.entries(input)) {
    const field = ctx.fields.get(key);
    const at = `${path}.${key}`;
    // A field the caller may not read does not exist for them: same answer as a key nobody defined.
    if (!field || !canRead(field, ctx.caller)) {
      problems.push({ field: at, message: `is not a custom field of ${ctx.target.name}.` });
      continue;
    }
    if (field.archived) {
      problems.push({ field: at, message: 'is archived: its values can no longer be changed (an administrator can unarchive it).' });
      continue;
    }
    if (!canWrite(field, ctx.caller)) {
      forbidden.push(key);
      continue;
    }
    if (isEmpty(raw)) {
      if (field.required) problems.push({ field: at, message: 'is required.' });
      else if (key in values) {
        delete values[key];
        changed.push(key);
      }
      continue;
    }
    const checked = handlerOf(field.type).normalize(raw, field, base[key]);
    if (!checked.ok) {
      problems.push({ field: at, message: checked.message });
      continue;
    }
    values[key] = checked.value as CustomFieldValue;
    if (JSON.stringify(base[key]) !== JSON.stringify(checked.value)) changed.push(key);
    if (field.constraints.pattern && typeof checked.value === 'string') patterns.push({ path: at, value: checked.value, pattern: field.constraints.pattern });
  }

  if (creating) {
    for (const field of ctx.fields.values()) {
      if (field.archived || field.key in input) continue;
      if (field.default !== null) {
        values[field.key] = field.default;
        changed.push(field.key);
      } else if (field.required) {
        problems.push({ field: `${path}.${field.key}`, message: 'is required.' });
      }
    }
  }

  if (forbidden.length > 0) {
    throw new ForbiddenError(
      'CUSTOM_FIELD_WRITE_FORBIDDEN',
      `Your roles may not change the custom field${forbidden.length > 1 ? 's' : ''} ${forbidden.map((k) => `"${k}"`).join(', ')}.`,
      forbidden.map((key) => ({ field: `${path}.${key}`, message: 'your roles may not write this field.' })),
    );
  }
  problems.push(...(await failedPatterns(ctx.em, patterns)));
  if (problems.length > 0) throw new ValidationError(problems, 'The custom field values are invalid.');

  const bytes = Buffer.byteLength(JSON.stringify(values));
  if (changed.length > 0 && bytes > ctx.maxValuesBytesPerRow) {
    throw new ValidationError(
      [{ field: path, message: `would take ${bytes} bytes; the custom values of one record are limited to ${ctx.maxValuesBytesPerRow} bytes.` }],
      'The custom field values are too large.',
    );
  }
  const unique: UniqueCheck[] = changed
    .filter((key) => ctx.fields.get(key)?.unique && values[key] !== undefined)
    .map((key) => ({ path: `${path}.${key}`, key, value: values[key]!, rowId }));
  await checkUnique(ctx.em, ctx.target, unique, ctx.claimed);
  return { values, changed };
}

export async function validateCreate(ctx: WriteContext, input: unknown, path: string): Promise<CustomFieldValues> {
  return (await apply(ctx, input, {}, path, true, undefined)).values;
}

export async function validateUpdate(ctx: WriteContext, rowId: string, stored: CustomFieldValues, patch: unknown, path: string): Promise<CustomFieldValues> {
  return (await apply(ctx, patch, stored, path, false, rowId)).values;
}
