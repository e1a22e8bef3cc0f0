import { Injectable } from '@nestjs/common';
import { EntityManager, RequestContext } from '@tessera/module-sdk';
import type { RowError } from './rows/row-errors';
import type { RowOutcome } from './rows/row-outcome';

/** The counters of an import, as derived from its recorded rows. */
export interface ImportCounts {
  readonly processed: number;
  readonly created: number;
  readonly updated: number;
  readonly skipped: number;
  readonly failed: number;
}

/**
 * `contact_import_rows`, in the caller's transaction (plain SQL: derived records with no identity of their own).
 * A row is recorded in the transaction that wrote its contact, so "recorded" means "done, for good".
 */
@Injectable()
export class ImportRows {
  constructor(private readonly em: EntityManager) {}

  /** Row numbers between `from` and `to` (inclusive) already recorded for the import. */
  async recorded(importId: string, from: number, to: number): Promise<Set<number>> {
    const rows = await this.em.execute<Array<{ row_number: number }>>(
      'SELECT row_number FROM contact_import_rows WHERE import_id = ? AND row_number BETWEEN ? AND ?',
      [importId, from, to],
    );
    return new Set(rows.map((row) => row.row_number));
  }

  /** Records outcomes (one statement). A row recorded twice (two workers on one batch) fails the second batch. */
  async record(importId: string, outcomes: readonly RowOutcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    await this.em.execute(
      `INSERT INTO contact_import_rows (tenant_id, import_id, row_number, outcome, contact_id, errors)
       SELECT ?::uuid, ?::uuid, r.row_number, r.outcome, r.contact_id, r.errors
         FROM jsonb_to_recordset(?::jsonb) AS r(row_number integer, outcome text, contact_id uuid, errors jsonb)`,
      [
        RequestContext.requireTenantId(),
        importId,
        JSON.stringify(outcomes.map((o) => ({ row_number: o.row, outcome: o.outcome, contact_id: o.contactId, errors: o.errors }))),
      ],
    );
  }

  /**
   * Adds a batch's newly recorded outcomes to the import's counters, in the batch's transaction: they commit or
   * roll back with the records, so the counters stay exact without reading every record of the import again
   * for each batch (which grew with the import: 21 records read per imported row at 20,000 rows).
   */
  async addCounts(importId: string, outcomes: readonly RowOutcome[]): Promise<ImportCounts> {
    const count = (outcome: RowOutcome['outcome']) => outcomes.filter((o) => o.outcome === outcome).length;
    const [row] = await this.em.execute<Array<Record<keyof ImportCounts, number>>>(
      `UPDATE contact_imports
          SET processed_rows = processed_rows + ?, created_count = created_count + ?, updated_count = updated_count + ?,
              skipped_count = skipped_count + ?, failed_count = failed_count + ?, updated_at = now()
        WHERE id = ?
        RETURNING processed_rows AS processed, created_count AS created, updated_count AS updated, skipped_count AS skipped, failed_count AS failed`,
      [outcomes.length, count('created'), count('updated'), count('skipped'), count('failed'), importId],
    );
    return row ?? { processed: 0, created: 0, updated: 0, skipped: 0, failed: 0 };
  }

  /** Sets the import's counters from its rows: exact whatever ran before (retries, re-runs, older versions). */
  async refreshCounts(importId: string): Promise<ImportCounts> {
    const [row] = await this.em.execute<Array<Record<keyof ImportCounts, number>>>(
      `UPDATE contact_imports i
          SET processed_rows = c.processed, created_count = c.created, updated_count = c.updated,
              skipped_count = c.skipped, failed_count = c.failed, updated_at = now()
         FROM (SELECT count(*)::int AS processed,
                      count(*) FILTER (WHERE outcome = 'created')::int AS created,
                      count(*) FILTER (WHERE outcome = 'updated')::int AS updated,
                      count(*) FILTER (WHERE outcome = 'skipped')::int AS skipped,
                      count(*) FILTER (WHERE outcome = 'failed')::int AS failed
                 FROM contact_import_rows WHERE import_id = ?) c
        WHERE i.id = ?
        RETURNING c.processed, c.created, c.updated, c.skipped, c.failed`,
      [importId, importId],
    );
    return row ?? { processed: 0, created: 0, updated: 0, skipped: 0, failed: 0 };
  }

  /** The failed rows after `afterRow`, in row order (keyset pages for the report). */
  async failedAfter(importId: string, afterRow: number, limit: number): Promise<Array<{ row: number; errors: RowError[] }>> {
    const rows = await this.em.execute<Array<{ row_number: number; errors: RowError[] }>>(
      `SELECT row_number, errors FROM contact_import_rows
        WHERE import_id = ? AND outcome = 'failed' AND row_number > ?
        ORDER BY row_number LIMIT ?`,
      [importId, afterRow, limit],
    );
    return rows.map((row) => ({ row: row.row_number, errors: row.errors }));
  }
}
