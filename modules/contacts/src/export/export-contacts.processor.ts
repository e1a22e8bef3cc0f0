import { Inject, Injectable } from '@nestjs/common';
import { NonRetryableJobError, UNIT_OF_WORK, type JobContext, type JobHandler, type UnitOfWork } from '@tessera/module-sdk';
import { ContactExportWriter, type ContactExportResult } from './contact-export-writer.service';

export interface ExportContactsInput {
  readonly exportId: string;
}

/**
 * `contacts.export`: marks the export running (one step), reads the custom-field definitions (a short unit of
 * work: the contract's lock on them is not held during the export), then writes the whole file, the export
 * row and the audit entry (another step: they commit together, or a retry starts the file again). Progress
 * goes on the job as pages are written.
 */
@Injectable()
export class ExportContactsProcessor implements JobHandler<ExportContactsInput, ContactExportResult> {
  constructor(
    private readonly writer: ContactExportWriter,
    @Inject(UNIT_OF_WORK) private readonly work: UnitOfWork,
  ) {}

  async run(input: ExportContactsInput, ctx: JobContext): Promise<ContactExportResult> {
    await ctx.step('start', () => this.writer.start(input.exportId));
    try {
      const fields = await this.work.withTenant(ctx.tenantId!, () => this.writer.definitions());
      return await ctx.step('write', () =>
        this.writer.write(input.exportId, fields, (rows, total) => ctx.progress(total === 0 ? 100 : (rows * 100) / total, `${rows} of ${total} contacts exported`), ctx.signal),
      );
    } catch (error) {
      if (error instanceof NonRetryableJobError || ctx.attempt >= ctx.maxAttempts) {
        await this.work.withTenant(ctx.tenantId!, () => this.writer.fail(input.exportId, error)).catch(() => undefined);
      }
      throw error;
    }
  }
}
