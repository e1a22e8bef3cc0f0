import type { ContactsConfig } from '../contacts.config';

/**
 * csv-parse's guard against a runaway record (a missing closing quote swallowing the rest of the file): the
 * longest row the limits allow, every cell at its longest plus its quotes and delimiter.
 */
export const maxRecordSize = (config: Pick<ContactsConfig, 'importMaxColumns' | 'importMaxCellLength'>): number =>
  Math.min(config.importMaxColumns * (config.importMaxCellLength + 3), 16 * 1024 * 1024);
