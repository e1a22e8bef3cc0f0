import { MikroORM } from '@mikro-orm/core';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { TenantScope } from '@tessera/persistence';
import { entryHash, GENESIS_HASH } from './audit-hash';
import { AUDIT_COLUMNS, hashedFieldsOf, type AuditRow } from './audit-rows';

export interface AuditVerification {
  readonly valid: boolean;
  /** Entries checked before the first problem (all of them when valid). */
  readonly checked: number;
  /** The last entry's position and hash: record it elsewhere to detect a later truncation of the tail. */
  readonly head: { readonly seq: number; readonly hash: string } | null;
  readonly problem: { readonly seq: number; readonly reason: 'missing-entry' | 'broken-link' | 'altered-entry' } | null;
}

const BATCH = 1000;

/**
 * Recomputes a chain from its first entry: an altered entry no longer matches its hash, a deleted one
 * leaves a gap in the sequence, a reordered one breaks the link to its predecessor.
 */
@Injectable()
export class AuditVerifierService {
  constructor(
    private readonly orm: MikroORM<PostgreSqlDriver>,
    private readonly scope: TenantScope,
  ) {}

  /** Verifies the chain of `tenantId`, or the platform chain when `null`. */
  verify(tenantId: string | null): Promise<AuditVerification> {
    return tenantId ? this.scope.run(tenantId, () => this.walk(tenantId)) : this.scope.runWithoutTenant(() => this.walk(null));
  }

  private async walk(tenantId: string | null): Promise<AuditVerification> {
    const em = this.orm.em;
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    let head: AuditVerification['head'] = null;
    for (;;) {
      const rows = (await em
        .getConnection()
        .execute(
          `SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE tenant_id IS NOT DISTINCT FROM ? AND seq >= ? ORDER BY seq LIMIT ${BATCH}`,
          [tenantId, expectedSeq],
          'all',
          em.getTransactionContext(),
        )) as AuditRow[];
      for (const row of rows) {
        const fields = hashedFieldsOf(row);
        const reason =
          fields.seq !== expectedSeq ? 'missing-entry' : row.prev_hash !== prevHash ? 'broken-link' : entryHash(prevHash, fields) !== row.hash ? 'altered-entry' : null;
        if (reason) return { valid: false, checked: expectedSeq - 1, head, problem: { seq: expectedSeq, reason } };
        prevHash = row.hash;
        head = { seq: fields.seq, hash: row.hash };
        expectedSeq += 1;
      }
      if (rows.length < BATCH) return { valid: true, checked: expectedSeq - 1, head, problem: null };
    }
  }
}
