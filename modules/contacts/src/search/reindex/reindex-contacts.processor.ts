import { Injectable } from '@nestjs/common';
import type { JobContext, JobHandler } from '@tessera/module-sdk';
import { ContactReindexer, type ReindexResult } from './contact-reindexer.service';

/** `contacts.reindex`: the rebuild in the job's transaction, with its progress on the job. */
@Injectable()
export class ReindexContactsProcessor implements JobHandler<Record<string, never>, ReindexResult> {
  constructor(private readonly reindexer: ContactReindexer) {}

  run(_input: Record<string, never>, ctx: JobContext): Promise<ReindexResult> {
    return this.reindexer.rebuild(
      ({ indexed, total }) => ctx.progress(total === 0 ? 100 : (indexed * 100) / total, `${indexed} of ${total} contacts indexed`),
      ctx.signal,
    );
  }
}
