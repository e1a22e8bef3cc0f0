import type { HashedFields } from './audit-hash';

/** A row of `audit_log` as the pg driver returns it. */
export interface AuditRow {
  readonly tenant_id: string | null;
  readonly seq: string | number;
  readonly id: string;
  readonly occurred_at: Date;
  readonly actor_kind: string;
  readonly actor_id: string;
  readonly action: string;
  readonly target_type: string | null;
  readonly target_id: string | null;
  readonly before: unknown;
  readonly after: unknown;
  readonly metadata: unknown;
  readonly request_id: string | null;
  readonly prev_hash: string;
  readonly hash: string;
}

export const AUDIT_COLUMNS =
  'tenant_id, seq, id, occurred_at, actor_kind, actor_id, action, target_type, target_id, before, after, metadata, request_id, prev_hash, hash';

export function hashedFieldsOf(row: AuditRow): HashedFields {
  return {
    tenantId: row.tenant_id,
    seq: Number(row.seq),
    id: row.id,
    occurredAt: new Date(row.occurred_at).toISOString(),
    actorKind: row.actor_kind,
    actorId: row.actor_id,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    before: row.before,
    after: row.after,
    metadata: row.metadata,
    requestId: row.request_id,
  };
}

/** The public shape of an entry. */
export function entryView(row: AuditRow) {
  const fields = hashedFieldsOf(row);
  return {
    seq: fields.seq,
    id: fields.id,
    occurredAt: fields.occurredAt,
    actor: { kind: fields.actorKind, id: fields.actorId },
    action: fields.action,
    target: fields.targetType ? { type: fields.targetType, id: fields.targetId } : null,
    before: fields.before,
    after: fields.after,
    metadata: fields.metadata,
    requestId: fields.requestId,
    hash: row.hash,
  };
}
