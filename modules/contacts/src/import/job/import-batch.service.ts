import { Inject, Injectable } from '@nestjs/common';
import { CUSTOM_FIELDS, type CustomFields } from '@tessera/custom-fields';
import { MODULE_CONFIG } from '@tessera/module-sdk';
import type { ContactsConfig } from '../../contacts.config';
import { CONTACT_TARGET } from '../../contacts/contact-target';
import { ContactsService } from '../../contacts/contacts.service';
import type { CsvRecord } from '../csv/csv-records';
import { ImportRows, type ImportCounts } from '../import-rows.service';
import type { ImportMapping, ImportOptions } from '../mapping/import-targets';
import { DuplicateMatch } from '../rows/duplicate-match.service';
import { parseRow, type ImportPlan, type ParsedRow } from '../rows/parsed-row';
import { PendingCreates } from '../rows/pending-creates';
import { RowImporter } from '../rows/row-importer.service';
import { skippedRow, type RowOutcome } from '../rows/row-outcome';

/** What a batch needs to know of its import. */
export interface BatchImport {
  readonly id: string;
  readonly columns: readonly string[];
  readonly mapping: ImportMapping;
  readonly options: ImportOptions;
}

/**
 * One batch of rows, in one transaction (a job step). Rows already recorded for the import are passed over;
 * the others are read and checked in memory (the DTO, phones), their duplicates looked up at once, then taken
 * in file order: a duplicate is skipped or updated, a new contact checked by the write path (`prepareCreate`:
 * the identity rule, the custom-fields contract, which also keeps unique values unique between the rows of
 * the batch) and written with the others in multi-row statements. Then the outcomes are recorded and added to
 * the import's counters (the `finish` step recounts them from the records).
 */
@Injectable()
export class ImportBatch {
  constructor(
    private readonly importer: RowImporter,
    private readonly contacts: ContactsService,
    private readonly rows: ImportRows,
    private readonly duplicateMatch: DuplicateMatch,
    @Inject(CUSTOM_FIELDS) private readonly customFields: CustomFields,
    @Inject(MODULE_CONFIG) private readonly config: ContactsConfig,
  ) {}

  async run(target: BatchImport, records: readonly CsvRecord[]): Promise<ImportCounts> {
    // The target's custom-field lock first, before any contact row lock (the order a type change takes them in);
    // the definitions as the caller of the import may use them give custom cells their types.
    const fields = await this.customFields.forTarget(CONTACT_TARGET);
    const plan: ImportPlan = {
      fields,
      reading: { columns: target.columns, mapping: target.mapping, fields: new Map(fields.fields.map((field) => [field.key, field])), maxCellLength: this.config.importMaxCellLength },
      options: target.options,
      country: target.options.defaultCountry ?? this.config.defaultPhoneCountry,
    };
    const done = await this.rows.recorded(target.id, records[0]!.row, records.at(-1)!.row);
    const read = records.filter((record) => !done.has(record.row)).map((record) => parseRow(record, plan));
    const mode = target.options.duplicates;
    const parsed = read.filter((row): row is ParsedRow => !('outcome' in row));
    // One lookup of every email and phone of the batch (not one per row).
    const duplicates = await this.duplicateMatch.forBatch(
      mode === 'create' ? [] : parsed.flatMap((row) => row.identifiers.emails),
      mode === 'create' ? [] : parsed.flatMap((row) => row.identifiers.phones),
    );
    const pending = new PendingCreates(this.contacts, duplicates);
    const outcomes: RowOutcome[] = [];
    for (const row of read) {
      if ('outcome' in row) {
        outcomes.push(row.outcome);
        continue;
      }
      const { emails, phones } = row.identifiers;
      let match = mode === 'create' ? null : duplicates.find(emails, phones);
      if (match && pending.holds(match)) {
        // It duplicates a contact of an earlier row of this batch: that one is written first (or fails, and is no match).
        outcomes.push(...(await pending.flush()));
        match = duplicates.find(emails, phones);
      }
      if (match && mode === 'skip') {
        outcomes.push(skippedRow(row.row, match));
      } else if (match) {
        const outcome = await this.importer.update(row, match, plan);
        if (outcome.contactId) duplicates.remember(outcome.contactId, emails, phones);
        outcomes.push(outcome);
      } else {
        const prepared = await this.importer.prepare(row, plan);
        if ('outcome' in prepared) outcomes.push(prepared.outcome);
        else pending.add(row, prepared.contact);
      }
    }
    outcomes.push(...(await pending.flush()));
    await this.rows.record(target.id, outcomes);
    return this.rows.addCounts(target.id, outcomes);
  }
}
