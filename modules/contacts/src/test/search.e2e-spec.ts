import { createTenantSession, type TestSession } from '@tessera/auth/testing';
import { PERSONAL_DATA, RequestContext, UNIT_OF_WORK, type JobStatus, type ModuleContext, type PersonalDataDirectory, type UnitOfWork } from '@tessera/module-sdk';
import { contactsModule } from '../index';
import { api, problemsOf, query, runSql, startContactsPlatform, waitFor, type TestPlatform } from './contacts-test-platform';

type Found = { data: Array<{ id: string; displayName: string; customFields: Record<string, unknown> }>; nextCursor: string | null };

/** Full-text search of contacts: typos, emails, phones, companies; what leaves and re-enters search; isolation; rebuilds. */
describe('searching contacts', () => {
  let t: TestPlatform;
  let owner: TestSession;
  let member: TestSession;
  let other: TestSession;
  let work: UnitOfWork;
  const a = () => api(t, owner);
  const create = async (body: object, as: TestSession = owner) => (await api(t, as).post('/contacts', body).expect(201)).body as { id: string; version: number };
  const search = async (q: string, as: TestSession = owner, extra: Record<string, string | number> = {}) =>
    (await api(t, as).get(`/contacts/search${query({ q, ...extra })}`).expect(200)).body as Found;
  const ids = async (q: string, as: TestSession = owner) => (await search(q, as)).data.map((c) => c.id);
  /** Whether the index itself holds the contact (the API also drops rows that are not live: this looks past it). */
  const indexed = async (id: string) => {
    const [row] = await runSql<{ count: string }>(t, "SELECT count(*) FROM search_documents WHERE collection = 'contacts' AND id = $1", [id], owner.tenantId!);
    return Number(row!.count) === 1;
  };

  let john: { id: string };
  let ada: { id: string };

  beforeAll(async () => {
    t = await startContactsPlatform({ JOBS_INLINE: 'true' });
    owner = await createTenantSession(t, { role: 'owner' });
    member = await createTenantSession(t, { role: 'member', tenantId: owner.tenantId! });
    other = await createTenantSession(t, { role: 'owner' });
    work = t.platform.app.get(UNIT_OF_WORK);
    await a().post('/custom-fields/fields', { target: 'contact', key: 'salary', label: 'Salary', type: 'number', readRoles: ['hr'], writeRoles: ['hr'] }).expect(201);
    john = await create({
      firstName: 'John',
      lastName: 'Smith',
      company: 'Analytical Engines',
      emails: [{ address: 'j.smith@difference.example' }],
      phones: [{ number: '+44 20 7183 8750' }],
      customFields: { salary: 10 },
    });
    ada = await create({ prefix: 'Dr', firstName: 'Ada', lastName: 'Lovelace', company: 'Babbage & Co', emails: [{ address: 'ada@lovelace.example' }], tags: ['vip'] });
    await create({ firstName: 'Johanna', lastName: 'Smart', company: 'Looms' });
  });
  afterAll(() => t?.close());

  it('finds a contact by a misspelled name, best match first', async () => {
    expect((await ids('Jonh Smiht'))[0]).toBe(john.id);
    expect(await ids('Lovelce')).toEqual([ada.id]);
    expect(await ids('ada lovleace')).toEqual([ada.id]);
  });

  it('does not find a contact by a word too far from its names', async () => {
    expect(await ids('smart')).not.toContain(john.id);
    expect(await ids('Quixote')).toEqual([]);
  });

  it('finds a contact by email, by email prefix and by company', async () => {
    expect(await ids('ada@lovelace.example')).toEqual([ada.id]);
    expect(await ids('j.smith')).toEqual([john.id]);
    expect(await ids('Analytical')).toEqual([john.id]);
    expect(await ids('babbage')).toEqual([ada.id]);
  });

  it('finds a contact by phone number in national and international format', async () => {
    expect(await ids('020 7183 8750')).toEqual([john.id]);
    expect(await ids('+44 20 7183 8750')).toEqual([john.id]);
    expect(await ids('71838750')).toEqual([john.id]);
    expect(await ids('020 7183 9999')).toEqual([]);
  });

  it('answers contacts as the reads do: custom fields projected for the caller', async () => {
    const [asOwner] = (await search('Jonh Smiht')).data;
    expect(asOwner).toMatchObject({ id: john.id, displayName: 'John Smith', customFields: { salary: 10 } });
    const [asMember] = (await search('Jonh Smiht', member)).data;
    expect(asMember).toMatchObject({ id: john.id, customFields: {} });
  });

  it('follows every change: a changed name is found by the new one and not by the old one', async () => {
    const contact = await create({ firstName: 'Grace', lastName: 'Hopper' });
    expect(await ids('Hopper')).toEqual([contact.id]);
    await a().patch(`/contacts/${contact.id}`, { lastName: 'Brewster' }).expect(200);
    expect(await ids('Brewster')).toEqual([contact.id]);
    expect(await ids('Hopper')).toEqual([]);
  });

  it('does not find a contact in the trash, and finds it again once restored', async () => {
    const contact = await create({ firstName: 'Trashed', lastName: 'Quetzalcoatl' });
    await a().delete(`/contacts/${contact.id}`).expect(204);
    expect(await ids('Quetzalcoatl')).toEqual([]);
    expect(await indexed(contact.id)).toBe(false);
    await a().post(`/contacts/${contact.id}/restore`).expect(200);
    expect(await ids('Quetzalcoatl')).toEqual([contact.id]);
    expect(await indexed(contact.id)).toBe(true);
  });

  it('drops a merged source; the target is found by what it took from the source', async () => {
    const target = await create({ firstName: 'Target', lastName: 'Zebedee' });
    const source = await create({ firstName: 'Source', lastName: 'Zebedee', emails: [{ address: 'merged.source@example.com' }] });
    expect((await ids('Zebedee')).sort()).toEqual([target.id, source.id].sort());
    await a().post(`/contacts/${target.id}/merge`, { sourceId: source.id }).expect(200);
    expect(await ids('Zebedee')).toEqual([target.id]);
    expect(await indexed(source.id)).toBe(false);
    expect(await ids('merged.source@example.com')).toEqual([target.id]);
  });

  it('forgets contacts erased as personal data', async () => {
    const contact = await create({ firstName: 'Erased', lastName: 'Xanthippe', emails: [{ address: 'erase.me@example.com' }] });
    expect(await ids('Xanthippe')).toEqual([contact.id]);
    const directory = t.platform.app.get<PersonalDataDirectory>(PERSONAL_DATA);
    await work.withTenant(owner.tenantId!, () => directory.erase({ email: 'erase.me@example.com' }));
    expect(await ids('Xanthippe')).toEqual([]);
    expect(await indexed(contact.id)).toBe(false);
  });

  it("keeps tenants apart: another tenant's search never returns this tenant's contacts", async () => {
    expect(await ids('Lovelace', other)).toEqual([]);
    const theirs = await create({ firstName: 'Ada', lastName: 'Lovelace' }, other);
    expect(await ids('Lovelace', other)).toEqual([theirs.id]);
    expect(await ids('Lovelace')).toEqual([ada.id]);
  });

  it('pages through many matches without gaps or overlaps, and binds a cursor to its query', async () => {
    const created = [];
    for (let i = 0; i < 23; i++) created.push((await create({ firstName: `Pager${i}`, lastName: 'Paginated' })).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Found = await search('paginated', owner, { limit: 10, ...(cursor ? { cursor } : {}) });
      seen.push(...page.data.map((c) => c.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(created.sort());

    const first = await search('paginated', owner, { limit: 5 });
    const refused = await a().get(`/contacts/search${query({ q: 'lovelace', cursor: first.nextCursor! })}`).expect(400);
    expect(problemsOf(refused.body)).toHaveProperty('cursor');
  });

  it.each([
    ['a missing q', {}, 'q'],
    ['an empty q', { q: '  ' }, 'q'],
    ['a q without a letter or digit', { q: '!!! ???' }, 'q'],
    ['a q of more than 200 characters', { q: 'a'.repeat(201) }, 'q'],
    ['a q of more than 10 words', { q: 'a b c d e f g h i j k' }, 'q'],
    ['a malformed cursor', { q: 'ada', cursor: 'not-a-cursor' }, 'cursor'],
    ['a limit over 100', { q: 'ada', limit: 101 }, 'limit'],
  ])('refuses %s with a 400 naming it', async (_, params, field) => {
    const response = await a().get(`/contacts/search${query(params)}`).expect(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(problemsOf(response.body)).toHaveProperty(field);
  });

  it('refuses an unknown parameter (a sort: hits come by relevance) with a 400 naming it', async () => {
    const response = await a().get(`/contacts/search${query({ q: 'ada', sort: 'lastName' })}`).expect(400);
    expect(response.body.error.details).toEqual([{ field: '(body)', message: expect.stringContaining('"sort"') }]);
  });

  it('does not take q on the list (relevance and list sorts do not combine): a 400 naming q', async () => {
    const response = await a().get(`/contacts${query({ q: 'ada' })}`).expect(400);
    expect(response.body.error.details).toEqual([{ field: '(body)', message: expect.stringContaining('"q"') }]);
  });

  it('needs contacts.read', async () => {
    await t.http().get('/api/v1/contacts/search?q=ada').expect(401);
  });

  describe('rebuilding the index', () => {
    const runReindex = async (tenantId: string): Promise<JobStatus> => {
      const queue = t.platform.jobs.queueFor('contacts');
      const { id } = await work.withTenant(tenantId, () => queue.enqueue('contacts.reindex', {}));
      return waitFor(async () => {
        const status = await work.withTenant(tenantId, () => queue.status(id));
        return ['completed', 'failed', 'dead-lettered'].includes(status.state) ? status : undefined;
      }, 'the reindex job');
    };

    it('the contacts.reindex job rebuilds an index emptied by SQL, and drops what is no longer live', async () => {
      const stale = await create({ firstName: 'Stale', lastName: 'Ozymandias' });
      await runSql(t, 'DELETE FROM search_documents WHERE collection = $1', ['contacts'], owner.tenantId!);
      // Deleted behind the write path's back: the index still holds it until the rebuild.
      await runSql(t, 'UPDATE contacts SET deleted_at = now() WHERE id = $1', [stale.id], owner.tenantId!);
      expect(await ids('Lovelce')).toEqual([]);
      const [{ live }] = await runSql<{ live: string }>(t, 'SELECT count(*) AS live FROM contacts WHERE deleted_at IS NULL', [], owner.tenantId!);

      const status = await runReindex(owner.tenantId!);
      expect(status).toMatchObject({ state: 'completed', result: { indexed: Number(live) }, progress: { percent: 100 } });
      expect(await ids('Lovelce')).toEqual([ada.id]);
      expect(await ids('020 7183 8750')).toEqual([john.id]);
      expect(await ids('Ozymandias')).toEqual([]);
      // The other tenant's index was not touched.
      expect(await ids('Lovelace', other)).toHaveLength(1);
    });

    it('contacts:reindex rebuilds the index of a tenant named by its slug, and refuses an unknown tenant', async () => {
      await runSql(t, 'DELETE FROM search_documents WHERE collection = $1', ['contacts'], owner.tenantId!);
      expect(await ids('Lovelce')).toEqual([]);
      const command = contactsModule.commands!.find((c) => c.name === 'contacts:reindex')!;
      const context = {
        name: 'contacts',
        config: {},
        logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
        get: (token: unknown) => t.platform.app.get(token as never, { strict: false }),
        withTenant: (tenantId: string, fn: () => Promise<unknown>) => work.withTenant(tenantId, fn),
        withoutTenant: (fn: () => Promise<unknown>) => work.withoutTenant(fn),
      } as unknown as ModuleContext<never>;
      const asCli = <T>(fn: () => Promise<T>) => RequestContext.run({ requestId: 'cli-test', source: 'cli' }, fn);
      const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
      try {
        const output = await asCli(() => command.run(context, { tenant: owner.tenantSlug! }));
        expect(output).toMatch(/rebuilt: \d+ contacts indexed/);
        expect(stderr.mock.calls.map(([line]) => String(line)).join('')).toMatch(/of \d+ contacts indexed/);
      } finally {
        stderr.mockRestore();
      }
      expect(await ids('Lovelce')).toEqual([ada.id]);
      await expect(asCli(() => command.run(context, { tenant: 'no-such-tenant' }))).rejects.toMatchObject({ code: 'TENANT_NOT_FOUND' });
    });
  });
});
