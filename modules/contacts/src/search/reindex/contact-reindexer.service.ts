import { Injectable } from '@nestjs/common';
import type { SearchDocument } from '@tessera/module-sdk';
import { ContactPages } from '../../contacts/contact-pages.service';
import { sql } from '../../list/sql-fragment';
import { contactSearchDocument } from '../contact-search-document';
import { ContactSearchIndex } from '../contact-search-index.service';

/** Contacts read and indexed per batch (the port takes at most 1,000 documents per batch). */
export const REINDEX_PAGE_SIZE = 500;

export interface ReindexProgress {
  readonly indexed: number;
  readonly total: number;
}

export interface ReindexResult {
  readonly indexed: number;
}

/**
 * Rebuilds the current tenant's contacts collection from the table: every live contact, streamed in keyset
 * pages into `SEARCH_INDEX.rebuild` (which removes what was not yielded: trashed, purged or erased contacts
 * a stale index still held). Needed after a tenant moves between search backends, or to repair an index.
 * With PostgreSQL the whole rebuild is one transaction (the caller's unit of work).
 */
@Injectable()
export class ContactReindexer {
  constructor(
    private readonly pages: ContactPages,
    private readonly index: ContactSearchIndex,
  ) {}

  async rebuild(report: (progress: ReindexProgress) => Promise<void> = async () => undefined, signal?: AbortSignal): Promise<ReindexResult> {
    const live = [sql('c.deleted_at IS NULL')];
    const total = await this.pages.count(live);
    const pages = this.pages;
    async function* batches(): AsyncGenerator<SearchDocument[]> {
      let indexed = 0;
      for await (const page of pages.pages(live, REINDEX_PAGE_SIZE)) {
        if (signal?.aborted) throw new Error('reindex stopped: the job was released or timed out; the next attempt starts again');
        yield page.map(contactSearchDocument);
        indexed += page.length;
        await report({ indexed, total: Math.max(total, indexed) });
      }
    }
    return { indexed: await this.index.rebuild(batches()) };
  }
}
