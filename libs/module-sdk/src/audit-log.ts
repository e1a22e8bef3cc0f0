/**
 * One security-relevant event to record. Tenant, actor, time and request id come from the request
 * context; the module supplies what happened.
 *
 * @example
 * ```ts
 * const entry: AuditEntryInput = { action: 'custom-fields.archived', target: { type: 'field', id: field.id }, before: { archived: false }, after: { archived: true } };
 * await audit.record(entry);
 * ```
 */
export interface AuditEntryInput {
  /** `<module>.<event>` in the past tense, e.g. `contacts.merged`, `auth.login-failed`. */
  readonly action: string;
  /** What the action was done to. */
  readonly target?: { readonly type: string; readonly id: string };
  /** State before the change, when relevant. Never include secrets. */
  readonly before?: unknown;
  /** State after the change, when relevant. Never include secrets. */
  readonly after?: unknown;
  /** Extra facts (client IP, reason). */
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/**
 * The append-only, per-tenant hash-chained audit log. Entries are written in the caller's transaction:
 * a change and its audit entry commit together or not at all.
 *
 * @example
 * ```ts
 * constructor(@Inject(AUDIT_LOG) private readonly audit: AuditLog) {}
 *
 * await this.audit.record({ action: 'contacts.merged', target: { type: 'contact', id: kept.id }, before: { merged: [a.id, b.id] } });
 * ```
 */
export interface AuditLog {
  record(entry: AuditEntryInput): Promise<void>;
}

/**
 * Injection token of the {@link AuditLog}.
 *
 * @example
 * ```ts
 * constructor(@Inject(AUDIT_LOG) private readonly audit: AuditLog) {}
 * ```
 */
export const AUDIT_LOG = Symbol.for('tessera.audit-log');
