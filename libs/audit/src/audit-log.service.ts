import { MikroORM } from '@mikro-orm/core';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { RequestContext, type AuditEntryInput, type AuditLog } from '@tessera/module-sdk';
import { TenantScope } from '@tessera/persistence';
import { v7 as uuidv7 } from 'uuid';
import { asStoredJson, entryHash, GENESIS_HASH, type HashedFields } from './audit-hash';

const ACTION = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

/**
 * Appends entries to the current tenant's chain (or the platform chain outside a tenant), inside the
 * caller's transaction. Appends to one chain are serialised with a transaction-scoped advisory lock,
 * so sequence numbers have no gaps and every entry links to the one before it.
 */
@Injectable()
export class AuditLogService implements AuditLog {
  constructor(
    private readonly orm: MikroORM<PostgreSqlDriver>,
    private readonly scope: TenantScope,
  ) {}

  async record(entry: AuditEntryInput): Promise<void> {
    if (!ACTION.test(entry.action)) throw new Error(`Audit action "${entry.action}" must look like "<module>.<event>".`);
    const em = this.orm.em;
    // Inside a request or job there is a transaction already; otherwise open one for this entry alone.
    if (!em.getTransactionContext()) {
      const tenantId = RequestContext.current()?.tenantId;
      await (tenantId ? this.scope.run(tenantId, () => this.append(entry)) : this.scope.runWithoutTenant(() => this.append(entry)));
      return;
    }
    await this.append(entry);
  }

  private async append(entry: AuditEntryInput): Promise<void> {
    const em = this.orm.em;
    const trx = em.getTransactionContext();
    const context = RequestContext.current();
    const tenantId = context?.tenantId ?? null;
    const connection = em.getConnection();
    await connection.execute('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [`tessera-audit:${tenantId ?? 'platform'}`], 'get', trx);
    const last = (await connection.execute(
      'SELECT seq, hash FROM audit_log WHERE tenant_id IS NOT DISTINCT FROM ? ORDER BY seq DESC LIMIT 1',
      [tenantId],
      'get',
      trx,
    )) as { seq: string; hash: string } | undefined;
    const principal = context?.principal;
    const fields: HashedFields = {
      tenantId,
      seq: last ? Number(last.seq) + 1 : 1,
      id: uuidv7(),
      occurredAt: new Date().toISOString(),
      actorKind: principal?.kind ?? 'system',
      actorId: principal?.id ?? 'system',
      action: entry.action,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      before: asStoredJson(entry.before),
      after: asStoredJson(entry.after),
      metadata: asStoredJson(entry.metadata),
      requestId: context?.requestId ?? null,
    };
    const prevHash = last?.hash ?? GENESIS_HASH;
    await connection.execute(
      `INSERT INTO audit_log (tenant_id, seq, id, occurred_at, actor_kind, actor_id, action, target_type, target_id,
                              before, after, metadata, request_id, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?)`,
      [
        fields.tenantId,
        fields.seq,
        fields.id,
        fields.occurredAt,
        fields.actorKind,
        fields.actorId,
        fields.action,
        fields.targetType,
        fields.targetId,
        JSON.stringify(fields.before),
        JSON.stringify(fields.after),
        JSON.stringify(fields.metadata),
        fields.requestId,
        prevHash,
        entryHash(prevHash, fields),
      ],
      'run',
      trx,
    );
  }
}
