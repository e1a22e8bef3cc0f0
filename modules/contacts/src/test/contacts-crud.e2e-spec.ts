import { randomUUID } from 'node:crypto';
import { createTenantSession, type TestSession } from '@tessera/auth/testing';
import { api, problemsOf, startContactsPlatform, type TestPlatform } from './contacts-test-platform';

/** Create, read and change contacts through HTTP: every standard field accepted and refused, custom fields, ETags. */
describe('contacts: create, read and change', () => {
  let t: TestPlatform;
  let owner: TestSession;
  let member: TestSession;
  let stranger: TestSession;
  const a = () => api(t, owner);
  const create = (body: object) => a().post('/contacts', body);

  beforeAll(async () => {
    t = await startContactsPlatform();
    owner = await createTenantSession(t, { role: 'owner' });
    member = await createTenantSession(t, { role: 'member', tenantId: owner.tenantId! });
    stranger = await createTenantSession(t, { role: 'owner' });
    await a().post('/custom-fields/fields', { target: 'contact', key: 'tier', label: 'Tier', type: 'single_select', options: [{ key: 'gold', label: 'Gold' }, { key: 'silver', label: 'Silver' }] }).expect(201);
    await a().post('/custom-fields/fields', { target: 'contact', key: 'score', label: 'Score', type: 'number', constraints: { min: 0, max: 100 } }).expect(201);
  });
  afterAll(() => t?.close());

  describe('create and read', () => {
    it('creates a contact with every standard field, normalised, and answers it with its ETag', async () => {
      const response = await create({
        prefix: ' Dr ',
        firstName: 'Ada',
        middleName: 'King',
        lastName: 'Lovelace',
        suffix: 'PhD',
        company: 'Analytical Engines Ltd',
        jobTitle: 'Mathematician',
        emails: [{ address: ' Ada@Example.COM ', label: 'work' }, { address: 'ada.home@example.org' }],
        phones: [{ number: '+44 20 7183 8750', label: 'office' }],
        tags: [' VIP ', 'Key   Account'],
      });
      expect(response.status).toBe(201);
      expect(response.headers.etag).toBe('"1"');
      expect(response.body).toMatchObject({
        displayName: 'Dr Ada King Lovelace PhD',
        prefix: 'Dr',
        company: 'Analytical Engines Ltd',
        emails: [
          { address: 'ada@example.com', label: 'work' },
          { address: 'ada.home@example.org', label: null },
        ],
        phones: [{ number: '+442071838750', label: 'office' }],
        tags: ['vip', 'key account'],
        ownerId: owner.userId,
        createdBy: owner.userId,
        customFields: {},
        version: 1,
        deletedAt: null,
        mergedIntoId: null,
      });
      const read = await a().get(`/contacts/${response.body.id}`).expect(200);
      expect(read.headers.etag).toBe('"1"');
      expect(read.body).toEqual(response.body);
    });

    it.each([
      [{ company: 'Acme' }, 'Acme'],
      [{ emails: [{ address: 'info@acme.test' }] }, 'info@acme.test'],
      [{ lastName: 'Curie', company: 'Institut' }, 'Curie'],
      [{ prefix: 'Dr', company: 'Acme' }, 'Acme'],
    ])('derives the display name from the name, else the company, else the first email (%j)', async (body, displayName) => {
      expect((await create(body).expect(201)).body.displayName).toBe(displayName);
    });

    it.each([[{ jobTitle: 'CEO' }], [{ firstName: '   ', middleName: 'Only' }], [{ emails: [] }], [{}]])(
      'refuses a contact without firstName, lastName, company or an email, naming the rule (%j)',
      async (body) => {
        const response = await create(body).expect(400);
        expect(response.body.error.code).toBe('VALIDATION_FAILED');
        const problems = problemsOf(response.body);
        expect(Object.keys(problems).sort()).toEqual(['company', 'emails', 'firstName', 'lastName']);
        expect(problems.firstName).toMatch(/at least one of firstName, lastName, company or emails/);
      },
    );

    it('trims text fields and treats an empty one as absent', async () => {
      const response = await create({ firstName: '  Grace ', lastName: 'Hopper', middleName: '  ', jobTitle: '' }).expect(201);
      expect(response.body).toMatchObject({ firstName: 'Grace', middleName: null, jobTitle: null, displayName: 'Grace Hopper' });
    });

    const many = <T>(n: number, item: (i: number) => T) => Array.from({ length: n }, (_, i) => item(i));
    const REFUSED: Array<[string, object, string, RegExp]> = [
      ['a too long first name', { firstName: 'x'.repeat(101) }, 'firstName', /100/],
      ['a line break in a last name', { lastName: 'Love\nlace' }, 'lastName', /one line without control characters/],
      ['a control character in a company', { company: 'Acme\u0007' }, 'company', /one line without control characters/],
      ['a too long prefix', { prefix: 'x'.repeat(31) }, 'prefix', /30/],
      ['a too long job title', { jobTitle: 'x'.repeat(201) }, 'jobTitle', /200/],
      ['a number as a name', { middleName: 42 }, 'middleName', /string/],
      ['an invalid email', { emails: [{ address: 'ada at example' }] }, 'emails.0.address', /email address/],
      ['the same email twice, in another case', { emails: [{ address: 'a@x.com' }, { address: ' A@X.com' }] }, 'emails.1.address', /duplicates emails.0.address/],
      ['eleven emails', { emails: many(11, (i) => ({ address: `p${i}@x.com` })) }, 'emails', /10/],
      ['a too long email label', { emails: [{ address: 'a@x.com', label: 'x'.repeat(51) }] }, 'emails.0.label', /50/],
      ['an unknown email property', { emails: [{ address: 'a@x.com', primary: true }] }, 'emails.0', /primary/],
      ['a national phone without a default country', { phones: [{ number: '020 7183 8750' }] }, 'phones.0.number', /national number.*defaultCountry/],
      ['a phone that is too short', { phones: [{ number: '+44 1234' }] }, 'phones.0.number', /too short/],
      ['a phone of no number range', { phones: [{ number: '+1 200 555 0100' }] }, 'phones.0.number', /not a valid phone number/],
      ['a phone with an unknown country code', { phones: [{ number: '+999 1234 5678' }] }, 'phones.0.number', /country calling code/],
      ['a phone with an extension', { phones: [{ number: '+44 20 7183 8750 ext. 12' }] }, 'phones.0.number', /extension/],
      ['not a phone at all', { phones: [{ number: 'call me' }], defaultCountry: 'GB' }, 'phones.0.number', /not a phone number/],
      ['the same phone twice in two formats', { phones: [{ number: '+44 20 7183 8750' }, { number: '+442071838750' }] }, 'phones.1.number', /same number as phones.0.number/],
      ['eleven phones', { phones: many(11, (i) => ({ number: `+4420718387${String(i).padStart(2, '0')}` })) }, 'phones', /10/],
      ['the same tag in another case', { tags: ['VIP', ' vip'] }, 'tags.1', /duplicates tags.0/],
      ['an empty tag', { tags: [' '] }, 'tags.0', /1/],
      ['a too long tag', { tags: ['x'.repeat(51)] }, 'tags.0', /50/],
      ['fifty-one tags', { tags: many(51, (i) => `tag-${i}`) }, 'tags', /50/],
      ['an owner id that is not a uuid', { ownerId: 'ada' }, 'ownerId', /UUID/i],
      ['an owner who is not a member of the tenant', { ownerId: randomUUID() }, 'ownerId', /member of this tenant/],
      ['an unknown default country', { defaultCountry: 'XX', phones: [{ number: '0123' }] }, 'defaultCountry', /Invalid option/],
      ['an unknown custom field', { customFields: { nope: 1 } }, 'customFields.nope', /not a custom field/],
      ['an invalid custom value', { customFields: { tier: 'bronze' } }, 'customFields.tier', /not an option/],
    ];
    it.each(REFUSED)('refuses %s with a 400 naming the field', async (_, body, field, message) => {
      const response = await create({ firstName: 'Ada', ...body });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
      expect(problemsOf(response.body)[field]).toMatch(message);
    });

    it('refuses the derived and system fields and anything unknown', async () => {
      for (const field of ['displayName', 'id', 'version', 'createdBy', 'deletedAt', 'nickname']) {
        const response = await create({ firstName: 'Ada', [field]: 'x' }).expect(400);
        expect(JSON.stringify(response.body.error.details)).toContain(field);
      }
    });

    it('reads national phone numbers in the request defaultCountry and stores E.164', async () => {
      const gb = await create({ firstName: 'Ada', phones: [{ number: '020 7183 8750' }], defaultCountry: 'GB' }).expect(201);
      expect(gb.body.phones).toEqual([{ number: '+442071838750', label: null }]);
      const fr = await create({ firstName: 'Marie', phones: [{ number: '01 42 68 53 00' }, { number: '+44 20 7183 8750' }], defaultCountry: 'FR' }).expect(201);
      expect(fr.body.phones.map((p: { number: string }) => p.number)).toEqual(['+33142685300', '+442071838750']);
      const wrongCountry = await create({ firstName: 'Ada', phones: [{ number: '020 7183 8750' }], defaultCountry: 'US' }).expect(400);
      expect(problemsOf(wrongCountry.body)['phones.0.number']).toMatch(/US/);
    });

    it('makes the creating user the owner by default; null means nobody; another member may own it', async () => {
      expect((await create({ firstName: 'A' }).expect(201)).body.ownerId).toBe(owner.userId);
      expect((await create({ firstName: 'B', ownerId: null }).expect(201)).body.ownerId).toBeNull();
      expect((await create({ firstName: 'C', ownerId: member.userId }).expect(201)).body.ownerId).toBe(member.userId);
      const response = await create({ firstName: 'D', ownerId: stranger.userId }).expect(400);
      expect(problemsOf(response.body).ownerId).toMatch(/member of this tenant/);
    });

    it('stores custom values through the custom-fields contract and reads them back', async () => {
      const created = await create({ firstName: 'Ada', customFields: { tier: 'gold', score: 42 } }).expect(201);
      expect(created.body.customFields).toEqual({ tier: 'gold', score: 42 });
      expect((await a().get(`/contacts/${created.body.id}`).expect(200)).body.customFields).toEqual({ tier: 'gold', score: 42 });
    });

    it('answers 404 CONTACT_NOT_FOUND for an unknown id and for another tenant’s contact, 400 for a malformed id', async () => {
      expect((await a().get(`/contacts/${randomUUID()}`).expect(404)).body.error.code).toBe('CONTACT_NOT_FOUND');
      const theirs = await api(t, stranger).post('/contacts', { firstName: 'Theirs' }).expect(201);
      expect((await a().get(`/contacts/${theirs.body.id}`).expect(404)).body.error.code).toBe('CONTACT_NOT_FOUND');
      expect(problemsOf((await a().get('/contacts/not-an-id').expect(400)).body).id).toBeDefined();
    });

    it('reads an id in any case', async () => {
      const created = await create({ firstName: 'Case' }).expect(201);
      expect((await a().get(`/contacts/${created.body.id.toUpperCase()}`).expect(200)).body.id).toBe(created.body.id);
    });
  });

  describe('change', () => {
    let id: string;
    beforeEach(async () => {
      id = (
        await create({
          firstName: 'Ada',
          lastName: 'Lovelace',
          company: 'Engines',
          emails: [{ address: 'ada@example.com' }],
          phones: [{ number: '+442071838750' }],
          tags: ['vip'],
          customFields: { tier: 'gold', score: 10 },
        }).expect(201)
      ).body.id;
    });
    const patch = (body: object, ifMatch?: string) => {
      const request = a().patch(`/contacts/${id}`, body);
      return ifMatch === undefined ? request : request.set('if-match', ifMatch);
    };

    it('changes only the given fields, clears with null, replaces lists, and answers the next version and ETag', async () => {
      const response = await patch({ lastName: 'King', company: null, tags: ['Analyst'], phones: null, middleName: 'Augusta' }).expect(200);
      expect(response.headers.etag).toBe('"2"');
      expect(response.body).toMatchObject({
        firstName: 'Ada',
        middleName: 'Augusta',
        lastName: 'King',
        company: null,
        displayName: 'Ada Augusta King',
        emails: [{ address: 'ada@example.com', label: null }],
        phones: [],
        tags: ['analyst'],
        version: 2,
      });
      expect((await a().get(`/contacts/${id}`).expect(200)).body).toEqual(response.body);
    });

    it('writes nothing for a change that changes nothing (same version)', async () => {
      const response = await patch({ firstName: 'Ada', emails: [{ address: 'ADA@example.com' }], customFields: { tier: 'gold' } }).expect(200);
      expect(response.body.version).toBe(1);
      expect(response.headers.etag).toBe('"1"');
    });

    it('changes custom fields partially: absent keys are kept, null clears one', async () => {
      expect((await patch({ customFields: { score: 99 } }).expect(200)).body.customFields).toEqual({ tier: 'gold', score: 99 });
      expect((await patch({ customFields: { tier: null } }).expect(200)).body.customFields).toEqual({ score: 99 });
      expect(problemsOf((await patch({ customFields: { score: 101 } }).expect(400)).body)['customFields.score']).toMatch(/100/);
    });

    it('normalises phones of a change with the request defaultCountry', async () => {
      expect((await patch({ phones: [{ number: '07911 123456', label: 'mobile' }], defaultCountry: 'GB' }).expect(200)).body.phones).toEqual([{ number: '+447911123456', label: 'mobile' }]);
      expect(problemsOf((await patch({ phones: [{ number: '07911 123456' }] }).expect(400)).body)['phones.0.number']).toMatch(/national number/);
    });

    it('refuses a change that leaves the contact without a name, company or email', async () => {
      const response = await patch({ firstName: null, lastName: null, company: null, emails: [] }).expect(400);
      expect(problemsOf(response.body).firstName).toMatch(/at least one of/);
      await patch({ firstName: null, lastName: null, company: null }).expect(200); // the email is enough
    });

    it('refuses an owner who is not a member, and clears the owner with null', async () => {
      expect(problemsOf((await patch({ ownerId: stranger.userId }).expect(400)).body).ownerId).toMatch(/member/);
      expect((await patch({ ownerId: member.userId }).expect(200)).body.ownerId).toBe(member.userId);
      expect((await patch({ ownerId: null }).expect(200)).body.ownerId).toBeNull();
    });

    it('honours If-Match: the current ETag and * pass, a stale one is 412 CONTACT_VERSION_MISMATCH and changes nothing', async () => {
      await patch({ jobTitle: 'Analyst' }, '"1"').expect(200);
      const stale = await patch({ jobTitle: 'Countess' }, '"1"').expect(412);
      expect(stale.body.error).toMatchObject({ code: 'CONTACT_VERSION_MISMATCH', details: { currentVersion: 2, currentETag: '"2"' } });
      await patch({ jobTitle: 'Countess' }, 'W/"2"').expect(412); // weak tags never match (strong comparison)
      await patch({ jobTitle: 'Countess' }, '"7", "2"').expect(200);
      await patch({ jobTitle: 'Writer' }, '*').expect(200);
      expect((await a().get(`/contacts/${id}`).expect(200)).body).toMatchObject({ jobTitle: 'Writer', version: 4 });
    });

    it('lets exactly one of two concurrent changes with the same If-Match win', async () => {
      const results = await Promise.all([patch({ jobTitle: 'First' }, '"1"'), patch({ jobTitle: 'Second' }, '"1"')]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
      const winner = results.find((r) => r.status === 200)!.body.jobTitle;
      expect((await a().get(`/contacts/${id}`).expect(200)).body).toMatchObject({ jobTitle: winner, version: 2 });
    });

    it('applies both of two concurrent changes without If-Match to different fields (no lost update)', async () => {
      await Promise.all([patch({ jobTitle: 'Analyst' }).expect(200), patch({ suffix: 'FRS' }).expect(200)]);
      expect((await a().get(`/contacts/${id}`).expect(200)).body).toMatchObject({ jobTitle: 'Analyst', suffix: 'FRS', version: 3 });
    });

    it('answers 404 for a change of an unknown contact and refuses unknown fields', async () => {
      expect((await a().patch(`/contacts/${randomUUID()}`, { firstName: 'X' }).expect(404)).body.error.code).toBe('CONTACT_NOT_FOUND');
      await patch({ displayName: 'X' }).expect(400);
    });
  });
});

describe('contacts with CONTACTS_DEFAULT_PHONE_COUNTRY set', () => {
  let t: TestPlatform;
  let owner: TestSession;

  beforeAll(async () => {
    t = await startContactsPlatform({ CONTACTS_DEFAULT_PHONE_COUNTRY: 'gb' });
    owner = await createTenantSession(t, { role: 'owner' });
  });
  afterAll(() => t?.close());

  it('reads national numbers in the configured country unless the request names another', async () => {
    const gb = await api(t, owner).post('/contacts', { firstName: 'Ada', phones: [{ number: '020 7183 8750' }] }).expect(201);
    expect(gb.body.phones[0].number).toBe('+442071838750');
    const fr = await api(t, owner).post('/contacts', { firstName: 'Marie', phones: [{ number: '01 42 68 53 00' }], defaultCountry: 'FR' }).expect(201);
    expect(fr.body.phones[0].number).toBe('+33142685300');
    const refused = await api(t, owner).post('/contacts', { firstName: 'Marie', phones: [{ number: '01 42 68 53 00' }] }).expect(400);
    expect(problemsOf(refused.body)['phones.0.number']).toMatch(/GB/);
  });
});
