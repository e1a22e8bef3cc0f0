import type { TargetCustomFields } from '@tessera/custom-fields';
import { TesseraError, type FieldProblem } from '@tessera/module-sdk';
import { isCustomFieldTarget, isListTarget, type ImportMapping, type ImportTarget } from './import-targets';

/** Any id: the probe below writes nothing and checks no uniqueness (it clears the value). */
const PROBE_ROW_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Whether the caller may write a custom field, asked of the custom-fields contract itself (one validator):
 * clearing the field in an empty row passes the same checks of existence, visibility, archiving and write
 * roles as a real value, and touches nothing. `null` when writable, otherwise the contract's reason.
 */
async function customFieldRefusal(fields: TargetCustomFields, key: string): Promise<string | null> {
  try {
    await fields.validateUpdate(PROBE_ROW_ID, {}, { [key]: null }, { path: 'customFields' });
    return null;
  } catch (error) {
    if (!(error instanceof TesseraError)) throw error;
    const problems = Array.isArray(error.details) ? (error.details as FieldProblem[]) : [];
    const own = problems.find((problem) => problem.field === `customFields.${key}`);
    if (error.code === 'VALIDATION_FAILED' && own?.message === 'is required.') return null; // exists and is writable
    if (error.code === 'CUSTOM_FIELD_WRITE_FORBIDDEN') return `your roles may not write the custom field "${key}".`;
    return `customFields.${key} ${own?.message ?? error.message}`;
  }
}

/**
 * The problems of a mapping, each on `mapping.<column>` (or `mapping` for what no column names): columns the
 * file does not have, a field fed by two columns, custom fields that do not exist for the caller, are
 * archived or not writable by them; and mappings no row could pass: no name, company or email column, or a
 * required custom field without a default left unmapped.
 */
export async function mappingProblems(columns: readonly string[], mapping: ImportMapping, fields: TargetCustomFields): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  const fedBy = new Map<ImportTarget, string>();
  for (const [column, target] of Object.entries(mapping)) {
    const at = `mapping.${column}`;
    if (!columns.includes(column)) {
      problems.push({ field: at, message: `is not a column of the file (its columns: ${columns.map((c) => JSON.stringify(c)).join(', ')}).` });
      continue;
    }
    if (target === null) continue;
    const first = fedBy.get(target);
    if (first !== undefined && !isListTarget(target)) {
      problems.push({ field: at, message: `${target} is already mapped from the column "${first}": map one column to it (only emails, phones and tags take several).` });
      continue;
    }
    fedBy.set(target, first ?? column);
    if (isCustomFieldTarget(target)) {
      const refusal = await customFieldRefusal(fields, target.slice('customFields.'.length));
      if (refusal) problems.push({ field: at, message: refusal });
    }
  }
  if (!['firstName', 'lastName', 'company', 'emails'].some((target) => fedBy.has(target as ImportTarget))) {
    problems.push({ field: 'mapping', message: 'maps no column to firstName, lastName, company or emails: every contact needs one of them.' });
  }
  const unmapped = fields.fields.filter((field) => field.required && field.default === null && !fedBy.has(`customFields.${field.key}`));
  if (unmapped.length > 0) {
    problems.push({
      field: 'mapping',
      message: `leaves out the required custom field${unmapped.length > 1 ? 's' : ''} ${unmapped.map((f) => `"${f.key}"`).join(', ')}, which has no default: map a column to ${unmapped.map((f) => `customFields.${f.key}`).join(', ')}.`,
    });
  }
  return problems;
}
