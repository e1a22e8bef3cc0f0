import type { RowError } from './row-errors';

/** What happened to one row (recorded in `contact_import_rows`). */
export interface RowOutcome {
  readonly row: number;
  readonly outcome: 'created' | 'updated' | 'skipped' | 'failed';
  readonly contactId: string | null;
  readonly errors: readonly RowError[] | null;
}

export const skippedRow = (row: number, contactId: string | null = null): RowOutcome => ({ row, outcome: 'skipped', contactId, errors: null });
export const failedRow = (row: number, errors: readonly RowError[]): RowOutcome => ({ row, outcome: 'failed', contactId: null, errors });
