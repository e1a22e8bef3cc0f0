import { MikroORM } from '@mikro-orm/core';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AUDIT_COLUMNS, entryView, type AuditRow } from './audit-rows';

export interface AuditPage {
  readonly data: ReturnType<typeof entryView>[];
  readonly nextCursor: string | null;
}

/** Reads the current tenant's chain, newest first, with a cursor on the sequence number. */
@Injectable()
export class AuditQueryService {
  constructor(private readonly orm: MikroORM<PostgreSqlDriver>) {}

  async list(query: { limit: number; cursor?: number; action?: string }): Promise<AuditPage> {
    const em = this.orm.em;
    const conditions = ['tenant_id IS NOT DISTINCT FROM tessera_current_tenant()'];
    const params: unknown[] = [];
    if (query.cursor !== undefined) {
      conditions.push('seq < ?');
      params.push(query.cursor);
    }
    if (query.action) {
      conditions.push('action = ?');
      params.push(query.action);
    }
    const rows = (await em
      .getConnection()
      .execute(
        `SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE ${conditions.join(' AND ')} ORDER BY seq DESC LIMIT ?`,
        [...params, query.limit + 1],
        'all',
        em.getTransactionContext(),
      )) as AuditRow[];
    const page = rows.slice(0, query.limit);
    return {
      data: page.map(entryView),
      nextCursor: rows.length > query.limit ? String(page[page.length - 1]!.seq) : null,
    };
  }
}
