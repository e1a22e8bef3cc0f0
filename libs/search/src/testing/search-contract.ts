import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TesseraError, type SearchDocument, type SearchIndex, type SearchPage } from '@tessera/module-sdk';
import { NOTES, PEOPLE } from './contract-collections';

/**
 * What a backend under test provides: the index bound to the contract's collections (module
 * `search-contract`, see CONTRACT_COLLECTIONS), fresh tenants, and units of work in a tenant.
 */
export interface SearchContractHarness {
  readonly index: SearchIndex;
  /** A new tenant with no documents (each test starts from an empty index). */
  createTenant(): Promise<string>;
  /** Runs `fn` in a unit of work of the tenant (a transaction, with the tenant in the request context), until it commits. */
  withTenant<T>(tenantId: string, fn: () => Promise<T>): Promise<T>;
  /** Runs `fn` with no tenant in context. */
  withoutTenant<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const person = (fields: SearchDocument['fields'], id: string = randomUUID()): SearchDocument => ({ id, fields });
const ids = (page: SearchPage) => page.hits.map((hit) => hit.id);

async function failureOf(work: () => Promise<unknown>): Promise<TesseraError> {
  try {
    await work();
  } catch (error) {
    if (error instanceof TesseraError) return error;
    throw error;
  }
  throw new Error('expected the search index to refuse');
}

const fieldsOf = (error: TesseraError) => (error.details as Array<{ field: string }>).map((problem) => problem.field);

/**
 * The behaviour every search backend must have, as one jest suite. Run it with the backend's harness;
 * pass `skip` (the reason) when the backend cannot run here: the suite is then reported as skipped with
 * the reason in its name.
 *
 * @example
 * ```ts
 * describeSearchContract('postgres', () => startContractPlatform());
 * describeSearchContract('elasticsearch', start, { skip: process.env.ELASTICSEARCH_URL ? undefined : 'ELASTICSEARCH_URL is not set' });
 * ```
 */
export function describeSearchContract(label: string, start: () => Promise<SearchContractHarness>, options: { skip?: string } = {}): void {
  if (options.skip) {
    describe.skip(`search contract: ${label} (skipped: ${options.skip})`, () => {
      it('runs the search contract', () => undefined);
    });
    return;
  }

  describe(`search contract: ${label}`, () => {
    let h: SearchContractHarness;
    let tenant: string;
    const upsert = (docs: SearchDocument[], collection = PEOPLE, t = tenant) => h.withTenant(t, () => h.index.upsert(collection, docs));
    const search = (text: string, more: { limit?: number; cursor?: string } = {}, collection = PEOPLE, t = tenant) =>
      h.withTenant(t, () => h.index.search(collection, { text, ...more }));

    beforeAll(async () => {
      h = await start();
    });
    afterAll(() => h?.close());

    beforeEach(async () => {
      tenant = await h.createTenant();
    });

    it('finds misspelled names (one or two edits, swapped letters) and not unrelated words', async () => {
      const john = person({ name: 'John Smith', company: 'Acme' });
      const ada = person({ name: 'Ada Lovelace', company: 'Analytical Engines' });
      await upsert([john, ada]);
      expect(ids(await search('jonh smiht'))).toEqual([john.id]);
      expect(ids(await search('Lovelce'))).toEqual([ada.id]);
      expect(ids(await search('Lovleace'))).toEqual([ada.id]);
      expect(ids(await search('analitycal'))).toEqual([ada.id]);
      expect(ids(await search('zebra'))).toEqual([]);
      expect(ids(await search('smart'))).toEqual([]);
      expect(ids(await search('jonh lovelace'))).toEqual([]);
    });

    it('folds case and accents on both sides', async () => {
      const zoe = person({ name: 'Zoë Müller-Łukasz' });
      await upsert([zoe]);
      expect(ids(await search('ZOE muller'))).toEqual([zoe.id]);
      expect(ids(await search('łukasz'))).toEqual([zoe.id]);
      expect(ids(await search('mullerlukasz'))).toEqual([zoe.id]);
    });

    it('matches a prefix of every word, never an infix', async () => {
      const ada = person({ name: 'Ada Lovelace' });
      await upsert([ada]);
      expect(ids(await search('lov'))).toEqual([ada.id]);
      expect(ids(await search('ad lo'))).toEqual([ada.id]);
      expect(ids(await search('lace'))).toEqual([]);
    });

    it('matches an email by whole address, local part and domain', async () => {
      const ada = person({ name: 'Ada', emails: ['Ada.Lovelace@Analytical.example'] });
      const charles = person({ name: 'Charles', emails: ['charles@engine.example'] });
      await upsert([ada, charles]);
      expect(ids(await search('ada.lovelace@analytical.example'))).toEqual([ada.id]);
      expect(ids(await search('ada.lovelace'))).toEqual([ada.id]);
      expect(ids(await search('analytical.example'))).toEqual([ada.id]);
      expect(ids(await search('engine.example'))).toEqual([charles.id]);
      expect(ids(await search('babbage@analytical.example'))).toEqual([]);
    });

    it('matches phone digits in national and international format, never fewer than 4 digits', async () => {
      const london = person({ name: 'Office', phones: ['+442071838750'] });
      const paris = person({ name: 'Bureau', phones: ['+33 1 42 68 53 00'] });
      await upsert([london, paris]);
      expect(ids(await search('020 7183 8750'))).toEqual([london.id]);
      expect(ids(await search('+44 20 7183 8750'))).toEqual([london.id]);
      expect(ids(await search('0044 20 7183 8750'))).toEqual([london.id]);
      expect(ids(await search('71838750'))).toEqual([london.id]);
      expect(ids(await search('01 42 68 53 00'))).toEqual([paris.id]);
      expect(ids(await search('020 7183 9999'))).toEqual([]);
      expect(ids(await search('875'))).toEqual([]);
    });

    it('matches keywords exactly: case-insensitive, no prefix, no typo', async () => {
      const vip = person({ name: 'Grace Hopper', tags: ['VIP', 'navy'] });
      await upsert([vip]);
      expect(ids(await search('vip'))).toEqual([vip.id]);
      expect(ids(await search('NAVY'))).toEqual([vip.id]);
      expect(ids(await search('vi'))).toEqual([]);
      expect(ids(await search('vipp'))).toEqual([]);
    });

    it('requires every word to match (AND)', async () => {
      const lovelace = person({ name: 'Ada Lovelace' });
      const byron = person({ name: 'Ada Byron' });
      await upsert([lovelace, byron]);
      expect(ids(await search('ada')).sort()).toEqual([lovelace.id, byron.id].sort());
      expect(ids(await search('ada lovelace'))).toEqual([lovelace.id]);
      expect(ids(await search('ada hopper'))).toEqual([]);
    });

    it('ranks by field weight and match quality, best first', async () => {
      const byName = person({ name: 'Turing' });
      const byCompany = person({ name: 'Alan', company: 'Turing' });
      const byPrefix = person({ name: 'Turingham' });
      const byTypo = person({ name: 'Tureng' });
      await upsert([byCompany, byTypo, byPrefix, byName]);
      const page = await search('turing');
      expect(ids(page)).toEqual([byName.id, byPrefix.id, byTypo.id, byCompany.id]);
      const scores = page.hits.map((hit) => hit.score);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
      expect(new Set(scores).size).toBe(4);
    });

    it('pages without overlap or gap, ties broken by id, until nextCursor is null', async () => {
      const docs = Array.from({ length: 25 }, (_, i) => person(i % 2 === 0 ? { name: `Pager ${i}` } : { name: `Someone ${i}`, company: 'Pager' }));
      await upsert(docs);
      const seen: SearchPage['hits'][number][] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await search('pager', { limit: 10, ...(cursor ? { cursor } : {}) });
        seen.push(...page.hits);
        cursor = page.nextCursor ?? undefined;
        pages += 1;
      } while (cursor && pages < 10);
      expect(pages).toBe(3);
      expect(seen.map((hit) => hit.id).sort()).toEqual(docs.map((doc) => doc.id).sort());
      const ordered = [...seen].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
      expect(seen.map((hit) => hit.id)).toEqual(ordered.map((hit) => hit.id));
      expect((await search('pager', { limit: 25 })).nextCursor).toBeNull();
    });

    it('refuses a cursor of another query, or one it did not issue, on "cursor"', async () => {
      await upsert(Array.from({ length: 3 }, (_, i) => person({ name: `Cursor ${i}`, company: 'Other' })));
      const first = await search('cursor', { limit: 1 });
      expect(first.nextCursor).toEqual(expect.any(String));
      expect((await search('cursor', { limit: 1, cursor: first.nextCursor! })).hits).toHaveLength(1);
      const other = await failureOf(() => search('other', { limit: 1, cursor: first.nextCursor! }));
      expect([other.code, fieldsOf(other)]).toEqual(['VALIDATION_FAILED', ['cursor']]);
      const forged = await failureOf(() => search('cursor', { cursor: 'not-a-cursor' }));
      expect([forged.code, fieldsOf(forged)]).toEqual(['VALIDATION_FAILED', ['cursor']]);
      const elsewhere = await failureOf(() => search('cursor', { limit: 1, cursor: first.nextCursor! }, NOTES));
      expect(fieldsOf(elsewhere)).toEqual(['cursor']);
    });

    it('isolates tenants: another tenant never sees, removes or replaces a document, even by its id', async () => {
      const other = await h.createTenant();
      const secret = person({ name: 'Secret Keeper' });
      await upsert([secret]);
      expect(ids(await search('secret', {}, PEOPLE, other))).toEqual([]);
      await h.withTenant(other, () => h.index.remove(PEOPLE, [secret.id]));
      await upsert([person({ name: 'Impostor' }, secret.id)], PEOPLE, other);
      expect(ids(await search('secret'))).toEqual([secret.id]);
      expect(ids(await search('impostor'))).toEqual([]);
      expect(ids(await search('impostor', {}, PEOPLE, other))).toEqual([secret.id]);
      const cursorOfA = (await search('secret', { limit: 1 })).nextCursor;
      expect(cursorOfA).toBeNull();
    });

    it('keeps collections apart', async () => {
      const note = person({ body: 'Lovelace wrote the first program' });
      await upsert([note], NOTES);
      expect(ids(await search('lovelace', {}, NOTES))).toEqual([note.id]);
      expect(ids(await search('lovelace'))).toEqual([]);
    });

    it('replaces a document on upsert (fields left out are gone)', async () => {
      const id = randomUUID();
      await upsert([person({ name: 'Alice Liddell', tags: ['wonder'] }, id)]);
      await upsert([person({ name: 'Bob Builder' }, id)]);
      expect(ids(await search('alice'))).toEqual([]);
      expect(ids(await search('wonder'))).toEqual([]);
      expect(ids(await search('bob'))).toEqual([id]);
    });

    it('removes documents, ignoring unknown ids', async () => {
      const gone = person({ name: 'Gone Girl' });
      const kept = person({ name: 'Gone Fishing' });
      await upsert([gone, kept]);
      await h.withTenant(tenant, () => h.index.remove(PEOPLE, [gone.id, randomUUID()]));
      expect(ids(await search('gone'))).toEqual([kept.id]);
    });

    it('indexes nothing for a unit of work that rolls back', async () => {
      const ghost = person({ name: 'Ghost Writer' });
      await expect(
        h.withTenant(tenant, async () => {
          await h.index.upsert(PEOPLE, [ghost]);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(ids(await search('ghost'))).toEqual([]);
    });

    it('rebuilds: yielded documents replace the collection, the others are removed', async () => {
      const [kept, dropped, alsoDropped, added] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      await upsert([person({ name: 'Kept Old' }, kept), person({ name: 'Dropped One' }, dropped), person({ name: 'Dropped Two' }, alsoDropped)]);
      async function* batches() {
        yield [person({ name: 'Kept Renamed' }, kept)];
        yield [person({ name: 'Added Later' }, added)];
      }
      const result = await h.withTenant(tenant, () => h.index.rebuild(PEOPLE, batches()));
      expect(result).toEqual({ indexed: 2 });
      expect(ids(await search('dropped'))).toEqual([]);
      expect(ids(await search('renamed'))).toEqual([kept]);
      expect(ids(await search('old'))).toEqual([]);
      expect(ids(await search('added'))).toEqual([added]);
    });

    it('refuses an undeclared field, a non-UUID id and a value that is not text, naming each', async () => {
      const error = await failureOf(() =>
        upsert([
          { id: randomUUID(), fields: { name: 'Ada', nickname: 'Countess' } },
          { id: 'ada', fields: { name: 'Ada' } },
          { id: randomUUID(), fields: { name: 42 as unknown as string } },
        ]),
      );
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(error)).toEqual(['documents.0.fields.nickname', 'documents.1.id', 'documents.2.fields.name']);
    });

    it('refuses a collection the module does not declare', async () => {
      const error = await failureOf(() => h.withTenant(tenant, () => h.index.search('search-contract.unknown', { text: 'ada' })));
      expect(error.code).toBe('SEARCH_COLLECTION_UNKNOWN');
      expect(error.message).toContain('search-contract.people');
    });

    it('refuses an empty or too long query on "text", and a limit outside 1-100 on "limit"', async () => {
      for (const text of ['', '   ', 'x'.repeat(201), '!!!']) {
        const error = await failureOf(() => search(text));
        expect([error.kind, fieldsOf(error)]).toEqual(['validation', ['text']]);
      }
      for (const limit of [0, 101, 2.5]) {
        expect(fieldsOf(await failureOf(() => search('ada', { limit })))).toEqual(['limit']);
      }
    });

    it('refuses to work without a tenant in context', async () => {
      const error = await failureOf(() => h.withoutTenant(() => h.index.search(PEOPLE, { text: 'ada' })));
      expect(error.code).toBe('TENANT_CONTEXT_MISSING');
    });
  });
}
