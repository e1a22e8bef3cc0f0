import { Inject, Injectable } from '@nestjs/common';
import { CUSTOM_FIELDS, type CustomFields } from '@tessera/custom-fields';
import { MODULE_CONFIG } from '@tessera/module-sdk';
import type { ContactsConfig } from '../../contacts.config';
import { CONTACT_TARGET } from '../../contacts/contact-target';
import type { CsvRecord } from '../csv/csv-records';
import { ImportRows, type ImportCounts } from '../import-rows.service';
import type { ImportMapping, ImportOptions } from '../mapping/import-targets';
import { DuplicateMatch } from '../rows/duplicate-match.service';
import { identifiersOfRow, RowImporter, type RowOutcome } from '../rows/row-importer.service';
import { readRow } from '../rows/row-input';

/** What a batch needs to know of its import. */
export interface BatchImport {
  readonly id: string;
  readonly columns: readonly string[];
  readonly mapping: ImportMapping;
  readonly options: ImportOptions;
}

/**
 * One batch of rows, in one transaction (a job step): rows already recorded for the import are passed over,
 * the duplicates of the others looked up at once, each imported in turn, their outcomes recorded, and the
 * import's counters set from its rows.
 */
@Injectable()
export class ImportBatch {
  constructor(
    private readonly importer: RowImporter,
    private readonly rows: ImportRows,
    private readonly duplicateMatch: DuplicateMatch,
    @Inject(CUSTOM_FIELDS) private readonly customFields: CustomFields,
    @Inject(MODULE_CONFIG) private readonly config: ContactsConfig,
  ) {}

  async run(target: BatchImport, records: readonly CsvRecord[]): Promise<ImportCounts> {
    // The target's custom-field lock first, before any contact row lock (the order a type change takes them in);
    // the definitions as the caller of the import may use them give custom cells their types.
    const fields = await this.customFields.forTarget(CONTACT_TARGET);
    const plan = {
      fields,
      reading: { columns: target.columns, mapping: target.mapping, fields: new Map(fields.fields.map((field) => [field.key, field])), maxCellLength: this.config.importMaxCellLength },
      options: target.options,
      country: target.options.defaultCountry ?? this.config.defaultPhoneCountry,
    };
    const done = await this.rows.recorded(target.id, records[0]!.row, records.at(-1)!.row);
    const pending = records.filter((record) => !done.has(record.row));
    // One lookup of every email and phone of the batch (not one per row).
    const emails: string[] = [];
    const phones: string[] = [];
    if (target.options.duplicates !== 'create') {
      for (const record of pending) {
        const read = readRow(record.cells, plan.reading);
        if (read.blank || 'errors' in read) continue;
        const identifiers = identifiersOfRow(read.input, plan.country);
        emails.push(...identifiers.emails);
        phones.push(...identifiers.phones);
      }
    }
    const duplicates = await this.duplicateMatch.forBatch(emails, phones);
    const outcomes: RowOutcome[] = [];
    for (const record of pending) outcomes.push(await this.importer.importRow(record, plan, duplicates));
    await this.rows.record(target.id, outcomes);
    return this.rows.refreshCounts(target.id);
  }
}
