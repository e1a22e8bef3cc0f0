import { z } from 'zod';

/**
 * The CSV import's settings, part of the contacts namespace (`CONTACTS_IMPORT_*`). Every limit has a clear
 * refusal: an upload over `maxBytes` is 413 before it is stored; a header over `maxColumns` is 400 at upload;
 * a file over `maxRows` fails the import before any row is written; a cell over `maxCellLength` is an error of
 * that row only.
 */
export const IMPORT_SETTINGS = {
  importMaxBytes: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024)
    .default(50 * 1024 * 1024)
    .describe('Largest CSV file an import accepts, in bytes (also capped by FILES_MAX_BYTES). Larger uploads answer 413 IMPORT_FILE_TOO_LARGE.'),
  importMaxRows: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000_000)
    .default(100_000)
    .describe('Most data rows (after the header) one import may hold; a larger file fails with IMPORT_TOO_MANY_ROWS before any row is imported.'),
  importMaxColumns: z.coerce.number().int().min(1).max(1000).default(100).describe('Most columns a CSV file of an import may have (400 IMPORT_TOO_MANY_COLUMNS at upload).'),
  importMaxCellLength: z.coerce
    .number()
    .int()
    .min(100)
    .max(100_000)
    .default(10_000)
    .describe('Longest cell, in characters; a longer cell makes its row fail (IMPORT_CELL_TOO_LONG) and the others go on.'),
  importBatchSize: z.coerce
    .number()
    .int()
    .min(1)
    .max(5000)
    .default(500)
    .describe('Rows per checkpointed batch of the import job (one transaction each; a crash loses at most one batch of work, never imports a row twice).'),
  importRetentionDays: z.coerce
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(30)
    .describe('Days a finished import (its status, per-row outcomes and errors) is kept before the nightly purge removes it.'),
};

