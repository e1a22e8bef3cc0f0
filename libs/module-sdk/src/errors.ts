/**
 * The kinds of failure the platform maps to HTTP statuses (in one exhaustive switch at the edge).
 * A module picks the kind; it never picks a status code. `precondition-failed` (412) is for a
 * conditional request whose condition no longer holds, e.g. an `If-Match` version that is stale.
 *
 * @example
 * ```ts
 * throw new TesseraError('gone', 'INVITATION_EXPIRED', 'This invitation has expired.');
 * ```
 */
export type ErrorKind =
  | 'bad-request'
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'gone'
  | 'precondition-failed'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'unprocessable'
  | 'rate-limited'
  | 'unavailable'
  | 'internal';

/**
 * One problem with one input field, as it appears in `error.details` of the error envelope.
 *
 * @example
 * ```ts
 * const problem: FieldProblem = { field: 'customFields.vat_id', message: 'Does not match the pattern of this field.' };
 * ```
 */
export interface FieldProblem {
  /** Dotted path of the field, e.g. `emails.0` or `customFields.vat_id`. */
  readonly field: string;
  /** What is wrong with it, in words a client developer can act on. */
  readonly message: string;
}

/**
 * The error every module throws for an expected failure. The platform renders it as
 * `{ "error": { "code", "message", "details", "requestId" } }` with the status of its kind.
 * `code` is stable, UPPER_SNAKE, and documented: clients switch on it.
 *
 * @example
 * ```ts
 * throw new TesseraError('conflict', 'CONTACT_EMAIL_TAKEN', 'Another contact already uses this email.', {
 *   field: 'emails.0',
 * });
 * ```
 */
export class TesseraError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'TesseraError';
  }
}

/**
 * A 404 for a resource that does not exist in the caller's tenant (which is also what a caller sees for
 * another tenant's resource: existence is never revealed).
 *
 * @example
 * ```ts
 * const contact = await repo.findOne(id);
 * if (!contact) throw new NotFoundError('CONTACT_NOT_FOUND', `Contact ${id} was not found.`);
 * ```
 */
export class NotFoundError extends TesseraError {
  constructor(code: string, message: string, details?: unknown) {
    super('not-found', code, message, details);
  }
}

/**
 * A 400 listing every invalid field at once.
 *
 * @example
 * ```ts
 * throw new ValidationError([{ field: 'phone', message: 'Not a valid phone number for region FR.' }]);
 * ```
 */
export class ValidationError extends TesseraError {
  constructor(problems: readonly FieldProblem[], message = 'The request has invalid fields.') {
    super('validation', 'VALIDATION_FAILED', message, problems);
  }
}

/**
 * A 409 for a write that conflicts with current state.
 *
 * @example
 * ```ts
 * throw new ConflictError('FIELD_KEY_TAKEN', `A field with key "${key}" already exists.`);
 * ```
 */
export class ConflictError extends TesseraError {
  constructor(code: string, message: string, details?: unknown) {
    super('conflict', code, message, details);
  }
}

/**
 * A 403 for an authenticated caller who may not do this.
 *
 * @example
 * ```ts
 * throw new ForbiddenError('FIELD_WRITE_FORBIDDEN', 'Your role may not write the field "salary".');
 * ```
 */
export class ForbiddenError extends TesseraError {
  constructor(code: string, message: string, details?: unknown) {
    super('forbidden', code, message, details);
  }
}
