import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_LOG, MODULE_CONFIG, type AuditLog, type JobContext, type JobHandler } from '@tessera/module-sdk';
import type { ContactsConfig } from '../contacts.config';
import { ContactWrites } from '../contacts/contact-writes.service';

export interface PurgeDeletedResult {
  readonly purged: number;
  readonly cutoff: string;
}

/** Contacts deleted in one statement (and one audit entry): bounded work per statement on large trashes. */
export const PURGE_BATCH = 500;

/**
 * Deletes for good the tenant's contacts that have been in the trash longer than
 * `CONTACTS_PURGE_AFTER_DAYS` (their identifier rows go with them). One audit entry per batch, with the ids.
 */
@Injectable()
export class PurgeDeletedProcessor implements JobHandler<Record<string, never>, PurgeDeletedResult> {
  constructor(
    private readonly writes: ContactWrites,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
    @Inject(MODULE_CONFIG) private readonly config: ContactsConfig,
  ) {}

  async run(_input: Record<string, never>, ctx: JobContext): Promise<PurgeDeletedResult> {
    const cutoff = new Date(Date.now() - this.config.purgeAfterDays * 86_400_000);
    let purged = 0;
    for (;;) {
      if (ctx.signal.aborted) throw new Error('purge stopped: the job was released or timed out; the next attempt resumes');
      const ids = await this.writes.purgeDeletedBefore(cutoff, PURGE_BATCH);
      if (ids.length === 0) break;
      purged += ids.length;
      await this.audit.record({
        action: 'contacts.contacts-purged',
        target: { type: 'contact', id: ids[0]! },
        metadata: { count: ids.length, ids, deletedBefore: cutoff.toISOString(), afterDays: this.config.purgeAfterDays },
      });
      if (ids.length < PURGE_BATCH) break;
    }
    return { purged, cutoff: cutoff.toISOString() };
  }
}
