import { createTenantSession, type TestSession } from '@tessera/auth/testing';
import { api, startContactsPlatform, type TestPlatform } from './contacts-test-platform';

/** Duplicates by email and by phone, and the duplicate-hints flag per tenant. */
describe('duplicate contacts', () => {
  let t: TestPlatform;
  let owner: TestSession;
  let other: TestSession;
  const ids: Record<string, string> = {};
  const a = () => api(t, owner);

  beforeAll(async () => {
    t = await startContactsPlatform();
    owner = await createTenantSession(t, { role: 'owner' });
    other = await createTenantSession(t, { role: 'owner' });
    const people: Record<string, object> = {
      ada: { firstName: 'Ada', emails: [{ address: 'ada@example.com' }, { address: 'ada@work.example' }], phones: [{ number: '+442071838750' }] },
      sameEmail: { firstName: 'A.', emails: [{ address: 'ADA@example.com' }] },
      samePhone: { firstName: 'Lady', phones: [{ number: '020 7183 8750' }], defaultCountry: 'GB' },
      both: { firstName: 'Augusta', emails: [{ address: 'ada@work.example' }], phones: [{ number: '+44 20 7183 8750' }] },
      unrelated: { firstName: 'Grace', emails: [{ address: 'grace@example.com' }] },
      trashed: { firstName: 'Old', emails: [{ address: 'ada@example.com' }] },
      sameTag: { firstName: 'Tagged', tags: ['ada@example.com'] },
    };
    for (const [name, body] of Object.entries(people)) ids[name] = (await a().post('/contacts', body).expect(201)).body.id;
    await a().delete(`/contacts/${ids.trashed}`).expect(204);
    await api(t, other).post('/contacts', { firstName: 'Ada', emails: [{ address: 'ada@example.com' }] }).expect(201);
  });
  afterAll(() => t?.close());

  const nameOf = (id: string) => Object.keys(ids).find((name) => ids[name] === id);

  it('lists the other live contacts sharing an email or a phone, with what matched, most matches first', async () => {
    const response = await a().get(`/contacts/${ids.ada}/duplicates`).expect(200);
    expect(response.body.data.map((d: { contact: { id: string } }) => nameOf(d.contact.id))).toEqual(['both', expect.any(String), expect.any(String)]);
    const byName = Object.fromEntries(response.body.data.map((d: { contact: { id: string }; matches: unknown }) => [nameOf(d.contact.id), d.matches]));
    expect(byName).toEqual({
      both: [
        { kind: 'email', value: 'ada@work.example' },
        { kind: 'phone', value: '+442071838750' },
      ],
      sameEmail: [{ kind: 'email', value: 'ada@example.com' }],
      samePhone: [{ kind: 'phone', value: '+442071838750' }],
    });
    expect(response.body.data[0].contact).toMatchObject({ id: ids.both, firstName: 'Augusta' });
  });

  it('finds nothing for a contact that shares nothing (a tag is not an email)', async () => {
    expect((await a().get(`/contacts/${ids.unrelated}/duplicates`).expect(200)).body.data).toEqual([]);
    expect((await a().get(`/contacts/${ids.sameTag}/duplicates`).expect(200)).body.data).toEqual([]);
  });

  it('follows changes: a removed email no longer matches, a new phone does', async () => {
    await a().patch(`/contacts/${ids.sameEmail}`, { emails: [{ address: 'a.dot@example.com' }], phones: [{ number: '+442071838750' }] }).expect(200);
    const matches = (await a().get(`/contacts/${ids.ada}/duplicates`).expect(200)).body.data.find((d: { contact: { id: string } }) => d.contact.id === ids.sameEmail).matches;
    expect(matches).toEqual([{ kind: 'phone', value: '+442071838750' }]);
    await a().patch(`/contacts/${ids.sameEmail}`, { emails: [{ address: 'ada@example.com' }], phones: [] }).expect(200);
  });

  it('answers 404 for the duplicates of an unknown or trashed contact', async () => {
    await a().get(`/contacts/${ids.trashed}/duplicates`).expect(404);
    await api(t, other).get(`/contacts/${ids.ada}/duplicates`).expect(404);
  });

  describe('the contacts.duplicate-hints flag', () => {
    const hints = async (caller: TestSession, id: string) => (await api(t, caller).get(`/contacts/${id}`).expect(200)).body.possibleDuplicates;

    it('is off by default: no possibleDuplicates', async () => {
      expect(await hints(owner, ids.ada!)).toBeUndefined();
    });

    it('adds possibleDuplicates to GET /contacts/:id for a tenant that has it on, and only for that tenant', async () => {
      await a().put('/tenant/flags/contacts.duplicate-hints/override', { value: true }).expect(200);
      expect(await hints(owner, ids.ada!)).toBe(3);
      expect(await hints(owner, ids.unrelated!)).toBe(0);
      const theirs = (await api(t, other).get('/contacts').expect(200)).body.data[0].id;
      expect(await hints(other, theirs)).toBeUndefined();
      await a().delete('/tenant/flags/contacts.duplicate-hints/override').expect((response) => expect([200, 204]).toContain(response.status));
      expect(await hints(owner, ids.ada!)).toBeUndefined();
    });
  });
});
