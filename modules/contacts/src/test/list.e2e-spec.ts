import { createTenantSession, type TestSession } from '@tessera/auth/testing';
import { api, problemsOf, query, runSql, startContactsPlatform, type TestPlatform } from './contacts-test-platform';

interface Row {
  id: string;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  createdAt: string;
  updatedAt: string;
  customFields: { score?: number };
}

/** GET /contacts: keyset pagination for every sort, filters on standard fields and on custom fields. */
describe('listing contacts', () => {
  let t: TestPlatform;
  let owner: TestSession;
  let member: TestSession;
  let all: Row[];
  const a = () => api(t, owner);
  const list = (params: Parameters<typeof query>[0]) => a().get(`/contacts${query(params)}`);
  const byName = new Map<string, string>();

  // Names in one case and plain ASCII, so the database collation and JavaScript agree on their order.
  const PEOPLE: Array<[string | null, string | null, string | null, number | null]> = [
    ['Ada', 'Lovelace', 'Engines', 50],
    ['Grace', 'Hopper', 'Navy', 90],
    ['Alan', 'Turing', null, 70],
    ['Ada', 'Byron', 'Engines', 50],
    [null, 'Curie', 'Institut', null],
    ['Marie', null, 'Institut', 10],
    ['Linus', 'Torvalds', null, 70],
    [null, null, 'Acme', null],
    ['Barbara', 'Liskov', 'Institut', 30],
    ['Donald', 'Knuth', null, 90],
    ['Edsger', 'Dijkstra', 'Acme', 20],
    ['Ken', 'Thompson', 'Bell', null],
    ['Dennis', 'Ritchie', 'Bell', 60],
    ['Ada', 'Lovelace', 'Engines', 50],
  ];

  beforeAll(async () => {
    t = await startContactsPlatform();
    owner = await createTenantSession(t, { role: 'owner' });
    member = await createTenantSession(t, { role: 'member', tenantId: owner.tenantId! });
    await a().post('/custom-fields/fields', { target: 'contact', key: 'score', label: 'Score', type: 'number' }).expect(201);
    await a().post('/custom-fields/fields', { target: 'contact', key: 'region', label: 'Region', type: 'single_select', options: [{ key: 'eu', label: 'EU' }, { key: 'us', label: 'US' }] }).expect(201);
    for (const [i, [firstName, lastName, company, score]] of PEOPLE.entries()) {
      const body = await a()
        .post('/contacts', {
          firstName,
          lastName,
          company,
          emails: [{ address: `person${i}@example.com` }],
          phones: i % 3 === 0 ? [{ number: `+4420718387${String(i).padStart(2, '0')}` }] : [],
          tags: [i % 2 === 0 ? 'even' : 'odd', ...(i % 4 === 0 ? ['quad'] : [])],
          ownerId: i % 5 === 0 ? member.userId : owner.userId,
          customFields: { ...(score === null ? {} : { score }), region: i < 7 ? 'eu' : 'us' },
        })
        .expect(201);
      byName.set(`p${i}`, body.body.id);
    }
    // Ties on the timestamps, so the id tiebreak is exercised.
    const [p1, p2, p3, p4] = ['p1', 'p2', 'p3', 'p4'].map((n) => byName.get(n));
    await runSql(t, "UPDATE contacts SET created_at = '2025-01-01T00:00:00Z', updated_at = '2025-06-01T00:00:00Z' WHERE id IN ($1, $2, $3)", [p1, p2, p3], owner.tenantId!);
    await runSql(t, "UPDATE contacts SET updated_at = '2025-06-01T00:00:00Z' WHERE id = $1", [p4], owner.tenantId!);
    // Another tenant's contacts never appear.
    const other = await createTenantSession(t, { role: 'owner' });
    for (let i = 0; i < 3; i++) await api(t, other).post('/contacts', { firstName: 'Ada', lastName: 'Lovelace', tags: ['even'], emails: [{ address: 'person0@example.com' }] }).expect(201);
    all = (await list({ limit: 100 }).expect(200)).body.data;
  });
  afterAll(() => t?.close());

  const names = (rows: Array<{ id: string }>) => rows.map((row) => [...byName].find(([, id]) => id === row.id)?.[0]).sort();

  /** Follows nextCursor to the end. */
  async function pages(params: Record<string, string | number>, limit: number): Promise<{ ids: string[]; pageCount: number }> {
    const ids: string[] = [];
    let cursor: string | undefined;
    let pageCount = 0;
    do {
      const response = await list({ ...params, limit, cursor }).expect(200);
      ids.push(...response.body.data.map((row: Row) => row.id));
      cursor = response.body.nextCursor ?? undefined;
      pageCount++;
      expect(pageCount).toBeLessThan(50);
    } while (cursor);
    return { ids, pageCount };
  }

  type Value = string | number | null | undefined;
  const cmp = (x: string | number, y: string | number) => (x < y ? -1 : x > y ? 1 : 0);
  /** The order the API promises: value in the direction, nulls last either way, then id in the direction. */
  const expectedOrder = (value: (row: Row) => Value, direction: 1 | -1) =>
    [...all]
      .sort((r, s) => {
        const [x, y] = [value(r) ?? null, value(s) ?? null];
        if (x === null && y !== null) return 1;
        if (y === null && x !== null) return -1;
        return (x === null || y === null ? 0 : cmp(x, y) * direction) || cmp(r.id, s.id) * direction;
      })
      .map((row) => row.id);

  const SORTS: Array<[string, (row: Row) => Value]> = [
    ['createdAt', (r) => r.createdAt],
    ['updatedAt', (r) => r.updatedAt],
    ['lastName', (r) => r.lastName],
    ['firstName', (r) => r.firstName],
    ['company', (r) => r.company],
    ['customFields.score', (r) => r.customFields.score],
  ];
  for (const [sort, value] of SORTS) {
    for (const direction of [1, -1] as const) {
      const param = direction === 1 ? sort : `-${sort}`;
      it(`pages through sort=${param} without gaps or overlaps, in the documented order`, async () => {
        expect(all).toHaveLength(PEOPLE.length);
        for (const limit of [1, 4, 5]) {
          const { ids, pageCount } = await pages({ sort: param }, limit);
          expect(ids).toEqual(expectedOrder(value, direction));
          expect(pageCount).toBe(Math.ceil(PEOPLE.length / limit));
        }
      });
    }
  }

  it('sorts by -createdAt when no sort is given, with a limit of 50 by default', async () => {
    const response = await a().get('/contacts').expect(200);
    expect(response.body.data.map((r: Row) => r.id)).toEqual(expectedOrder((r) => r.createdAt, -1));
    expect(response.body.nextCursor).toBeNull();
  });

  it('refuses a cursor of another sort, and a tampered cursor, naming cursor', async () => {
    const first = (await list({ sort: 'lastName', limit: 2 }).expect(200)).body.nextCursor as string;
    expect(problemsOf((await list({ sort: 'firstName', limit: 2, cursor: first }).expect(400)).body).cursor).toMatch(/another sort/);
    expect(problemsOf((await list({ sort: 'customFields.score', limit: 2, cursor: first }).expect(400)).body).cursor).toBeDefined();
    const scoreCursor = (await list({ sort: 'customFields.score', limit: 2 }).expect(200)).body.nextCursor as string;
    expect(problemsOf((await list({ sort: 'lastName', cursor: scoreCursor }).expect(400)).body).cursor).toBeDefined();
    const tampered = Buffer.from(JSON.stringify(['contacts', 'lastName', 'asc', 'x', 'not-a-uuid'])).toString('base64url');
    expect(problemsOf((await list({ sort: 'lastName', cursor: tampered }).expect(400)).body).cursor).toBeDefined();
    expect(problemsOf((await list({ sort: 'createdAt', cursor: 'garbage' }).expect(400)).body).cursor).toBeDefined();
    const badDate = Buffer.from(JSON.stringify(['contacts', 'createdAt', 'asc', 'yesterday', byName.get('p0')])).toString('base64url');
    expect(problemsOf((await list({ sort: 'createdAt', cursor: badDate }).expect(400)).body).cursor).toBeDefined();
  });

  const FILTERS: Array<[string, Parameters<typeof query>[0], string[]]> = [
    ['one tag', { tag: 'quad' }, ['p0', 'p12', 'p4', 'p8']],
    ['every one of several tags', { tag: ['even', 'quad'] }, ['p0', 'p12', 'p4', 'p8']],
    ['tags nobody holds together', { tag: ['odd', 'quad'] }, []],
    ['a tag in another case', { tag: ' QUAD ' }, ['p0', 'p12', 'p4', 'p8']],
    ['the owner', { ownerId: 'member' }, ['p0', 'p10', 'p5']],
    ['the company, case-insensitively', { company: 'institut' }, ['p4', 'p5', 'p8']],
    ['an exact email, in any case', { email: 'Person3@Example.com' }, ['p3']],
    ['a phone in E.164', { phone: '+442071838706' }, ['p6']],
    ['a national phone read in defaultCountry', { phone: '020 7183 8709', defaultCountry: 'GB' }, ['p9']],
    ['a custom field', { customFields: { region: { eq: 'us' } } }, ['p10', 'p11', 'p12', 'p13', 'p7', 'p8', 'p9']],
    ['a custom field range and a standard field', { customFields: { score: { gte: 60 } }, tag: 'odd' }, ['p1', 'p9']],
    ['a missing custom value', { customFields: { score: { exists: false } } }, ['p11', 'p4', 'p7']],
  ];
  it.each(FILTERS)('filters by %s', async (_, params, expected) => {
    const resolved = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v === 'member' ? member.userId : v]));
    expect(names((await list({ ...resolved, limit: 100 }).expect(200)).body.data)).toEqual(expected.sort());
  });

  it('filters by creation and change instants (after inclusive, before exclusive)', async () => {
    const tied = ['p1', 'p2', 'p3'];
    expect(names((await list({ createdBefore: '2025-01-01T00:00:00.001Z' }).expect(200)).body.data)).toEqual(tied.sort());
    expect(names((await list({ createdBefore: '2025-01-01T00:00:00Z' }).expect(200)).body.data)).toEqual([]);
    expect(names((await list({ createdAfter: '2025-01-01T00:00:00Z', createdBefore: '2025-01-02T00:00:00+00:00' }).expect(200)).body.data)).toEqual(tied.sort());
    const recent = (await list({ updatedAfter: '2025-06-01T00:00:00.001Z', limit: 100 }).expect(200)).body.data;
    expect(names(recent)).toEqual([...byName.keys()].filter((n) => !['p1', 'p2', 'p3', 'p4'].includes(n)).sort());
  });

  it('pages through a filtered list with a custom-field sort', async () => {
    const { ids } = await pages({ sort: '-customFields.score', customFields: JSON.stringify({ region: { eq: 'eu' } }) }, 2);
    expect(names(ids.map((id) => ({ id })))).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
    const scores = ids.map((id) => all.find((row) => row.id === id)!.customFields.score ?? null);
    expect(scores).toEqual([90, 70, 70, 50, 50, 10, null]);
  });

  const BAD: Array<[string, Parameters<typeof query>[0], string, RegExp]> = [
    ['an unknown parameter', { nickname: 'x' }, '(body)', /nickname/],
    ['a limit of 0', { limit: 0 }, 'limit', /1/],
    ['a limit over 100', { limit: 101 }, 'limit', /100/],
    ['an unknown sort', { sort: 'nickname' }, 'sort', /createdAt, updatedAt/],
    ['a sort on an unknown custom field', { sort: 'customFields.nope' }, 'sort', /./],
    ['a malformed instant', { createdAfter: 'yesterday' }, 'createdAfter', /./],
    ['an invalid phone', { phone: '12' }, 'phone', /national number/],
    ['an invalid email', { email: 'not an email' }, 'email', /email address/],
    ['an empty tag', { tag: '' }, 'tag.0', /1/],
    ['too many tags', { tag: Array.from({ length: 11 }, (_, i) => `t${i}`) }, 'tag', /10/],
    ['an owner id that is not a uuid', { ownerId: 'me' }, 'ownerId', /UUID/i],
    ['an unknown custom field in the filter', { customFields: { nope: { eq: 1 } } }, 'customFields.nope', /not a custom field|unknown/i],
    ['a custom filter that is not JSON', { customFields: '{nope' }, 'customFields', /JSON/],
    ['an unknown deleted value', { deleted: 'all' }, 'deleted', /./],
  ];
  it.each(BAD)('refuses %s with a 400 naming it', async (_, params, field, message) => {
    const response = await list(params).expect(400);
    const problems = problemsOf(response.body);
    const key = Object.keys(problems).find((k) => k === field) ?? Object.keys(problems).find((k) => k.startsWith(`${field}.`));
    expect({ key, problems }).toEqual({ key: expect.any(String), problems });
    expect(problems[key!]).toMatch(message);
  });
});
