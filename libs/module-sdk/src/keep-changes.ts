import type { TesseraError } from './errors';

const KEEP_CHANGES = Symbol.for('tessera.keep-changes');

/**
 * Marks an expected failure whose writes must survive it: the platform commits the request's unit of
 * work, then answers with the error. For the few failures that are themselves facts to record, such as
 * a failed login (its audit entry), or a reused refresh token (the revocation of its whole family).
 * Everything else rolls back on error, as usual. Throw it from the route's own unit of work, not from a
 * nested `UnitOfWork.withTenant`, whose savepoint rolls back whatever the error says.
 *
 * @example
 * ```ts
 * await this.sessions.revokeFamily(session, 'refresh-token-reused');
 * throw keepChanges(new TesseraError('unauthenticated', 'REFRESH_TOKEN_REUSED', 'This refresh token was already used.'));
 * ```
 */
export function keepChanges<E extends TesseraError>(error: E): E {
  Object.defineProperty(error, KEEP_CHANGES, { value: true, enumerable: false });
  return error;
}

/**
 * True for an error marked with {@link keepChanges}.
 *
 * @example
 * ```ts
 * if (keepsChanges(error)) return { committedFailure: error };
 * ```
 */
export function keepsChanges(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[KEEP_CHANGES] === true;
}
