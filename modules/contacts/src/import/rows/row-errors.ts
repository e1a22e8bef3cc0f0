import type { FieldProblem, TesseraError } from '@tessera/module-sdk';
import { IDENTITY_RULE } from '../../contacts/contact-rules';

/** Why one row was not imported: what the report and the status show. */
export interface RowError {
  /** The CSV column the problem is in, when it is in one. */
  readonly column: string | null;
  /** The contact field the API reported (`emails.0.address`, `customFields.tier`), when there is one. */
  readonly field: string | null;
  /** A stable code: `VALIDATION_FAILED`, `CUSTOM_FIELD_VALUE_TAKEN`, `IMPORT_CELL_TOO_LONG`, ... */
  readonly code: string;
  readonly message: string;
}

/** The column an input path came from: the path itself, or the nearest recorded parent (`emails.1.address` → `emails.1`). */
function columnOf(path: string, origins: ReadonlyMap<string, string>): string | null {
  for (let at = path; at !== ''; at = at.includes('.') ? at.slice(0, at.lastIndexOf('.')) : '') {
    const column = origins.get(at);
    if (column !== undefined) return column;
  }
  // A whole list (too many items): every column that fed it.
  const feeding = [...new Set([...origins].filter(([key]) => key.startsWith(`${path}.`)).map(([, column]) => column))];
  return feeding.length > 0 ? feeding.join(', ') : null;
}

const problemsOf = (error: TesseraError): FieldProblem[] =>
  Array.isArray(error.details) ? (error.details as unknown[]).filter((p): p is FieldProblem => typeof (p as FieldProblem)?.field === 'string') : [];

/** Problems of zod or of the write path, as row errors; the identity rule (four problems) becomes one. */
export function rowErrorsOf(code: string, problems: readonly FieldProblem[], origins: ReadonlyMap<string, string>): RowError[] {
  const errors: RowError[] = [];
  let identity = false;
  for (const problem of problems) {
    if (problem.message.includes(IDENTITY_RULE)) {
      if (!identity) errors.push({ column: null, field: null, code: 'CONTACT_IDENTITY_MISSING', message: `${IDENTITY_RULE} This row has none of them.` });
      identity = true;
      continue;
    }
    errors.push({ column: columnOf(problem.field, origins), field: problem.field, code, message: problem.message });
  }
  return errors;
}

/** The row errors of an expected refusal of the write path (a TesseraError); other errors are not row errors. */
export function rowErrorsOfRefusal(error: TesseraError, origins: ReadonlyMap<string, string>): RowError[] {
  const problems = problemsOf(error);
  if (problems.length > 0) return rowErrorsOf(error.code, problems, origins);
  const field = typeof (error.details as { field?: unknown })?.field === 'string' ? (error.details as { field: string }).field : null;
  return [{ column: field ? columnOf(field, origins) : null, field, code: error.code, message: error.message }];
}
