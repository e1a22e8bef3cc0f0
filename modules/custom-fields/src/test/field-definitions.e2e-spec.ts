import { createTenantSession, type TestSession } from '@tessera/auth/testing';
import { api, filterQuery, startCustomFieldsPlatform, type TestPlatform } from './cf-test-platform';

interface Field {
  id: string;
  key: string;
  type: string;
  archived: boolean;
  options: Array<{ key: string; label: string; archived: boolean }>;
}

/** The admin API of definitions: rules, safe changes (archive, options, type changes), limits and audit. */
describe('custom field definitions', () => {
  let t: TestPlatform;
  let owner: TestSession;
  const a = () => api(t, owner);
  const define = async (body: object): Promise<Field> => {
    const response = await a().post('/custom-fields/fields', { target: 'test-ticket', ...body });
    if (response.status !== 201) throw new Error(`define failed: ${JSON.stringify(response.body)}`);
    return response.body as Field;
  };
  const ticket = async (customFields: object): Promise<string> => (await a().post('/test-tickets', { title: 'ticket', customFields }).expect(201)).body.id;
  const storedOf = async (id: string) => (await a().get(`/test-tickets/${id}`).expect(200)).body.customFields as Record<string, unknown>;

  beforeAll(async () => {
    t = await startCustomFieldsPlatform();
    owner = await createTenantSession(t, { role: 'owner' });
  });
  afterAll(() => t?.close());

  it('lists the targets declared by loaded modules, and documents them in the OpenAPI schema', async () => {
    expect((await a().get('/custom-fields/targets').expect(200)).body.data).toEqual([{ name: 'test-ticket', description: 'A test ticket', module: 'test-tickets' }]);
    const document = (await t.http().get('/docs-json').expect(200)).body;
    expect(JSON.stringify(document.components.schemas)).toContain('"enum":["test-ticket"]');
  });

  describe('refuses an invalid definition and names what is wrong', () => {
    const refused = async (body: object) => {
      const response = await a().post('/custom-fields/fields', { target: 'test-ticket', key: 'k', label: 'K', type: 'text', ...body });
      expect(response.status).toBe(400);
      return response.body.error.details as Array<{ field: string; message: string }>;
    };
    it.each([
      ['an unknown target', { target: 'spaceship' }, 'target', /not a custom-field target \(targets: test-ticket\)/],
      ['a malformed key', { key: 'Bad Key' }, 'key', /lower-case/],
      ['options on a text field', { options: [{ key: 'a', label: 'A' }] }, 'options', /only select fields have options/],
      ['a select without options', { type: 'single_select' }, 'options', /at least one option/],
      ['duplicate option keys', { type: 'single_select', options: [{ key: 'a', label: 'A' }, { key: 'a', label: 'B' }] }, 'options.1.key', /used twice/],
      ['a constraint of another type', { type: 'boolean', constraints: { maxLength: 3 } }, 'constraints.maxLength', /does not apply to boolean/],
      ['a default of the wrong type', { type: 'number', default: 'ten' }, 'default', /must be a number/],
      ['a unique field with a default', { unique: true, default: 'x' }, 'default', /unique field cannot have a default/],
      ['a unique field of a type that cannot be unique', { type: 'boolean', unique: true }, 'unique', /cannot be unique/],
      ['read roles without write roles', { readRoles: ['admin'] }, 'writeRoles', /must list some of those roles/],
      ['a required field only some roles write, without a default', { required: true, writeRoles: ['admin'] }, 'default', /needs a default/],
      ['a pattern PostgreSQL cannot compile', { constraints: { pattern: '([a-z' } }, 'constraints.pattern', /not a valid regular expression/],
      ['a pattern with back-references', { constraints: { pattern: '^(a)\\1$' } }, 'constraints.pattern', /back-references/],
      ['a default that does not match the pattern', { default: 'abc', constraints: { pattern: '^[0-9]+$' } }, 'default', /does not match the pattern/],
    ])('%s', async (_what, body, field, words) => {
      expect(await refused(body)).toContainEqual({ field, message: expect.stringMatching(words) });
    });
  });

  it('refuses a key the target already has, archived or not', async () => {
    const field = await define({ key: 'taken', label: 'Taken', type: 'text' });
    await a().patch(`/custom-fields/fields/${field.id}`, { archived: true }).expect(200);
    const again = await a().post('/custom-fields/fields', { target: 'test-ticket', key: 'taken', label: 'Again', type: 'number' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CUSTOM_FIELD_KEY_TAKEN');
  });

  it('renames labels freely but keeps keys and targets immutable', async () => {
    const field = await define({ key: 'renamed', label: 'Before', type: 'text' });
    expect((await a().patch(`/custom-fields/fields/${field.id}`, { label: 'After', helpText: 'Now with help' }).expect(200)).body).toMatchObject({ key: 'renamed', label: 'After', helpText: 'Now with help' });
    const rekey = await a().patch(`/custom-fields/fields/${field.id}`, { key: 'other' });
    expect(rekey.status).toBe(400);
    expect(rekey.body.error.details).toEqual([{ field: 'key', message: expect.stringMatching(/immutable/) }]);
  });

  describe('select options', () => {
    let field: Field;
    let holder: string;
    beforeAll(async () => {
      field = await define({ key: 'stage', label: 'Stage', type: 'single_select', options: [{ key: 'new', label: 'New' }, { key: 'old', label: 'Old' }] });
      holder = await ticket({ stage: 'old' });
    });

    it('adds, renames and archives options by key, and never deletes one', async () => {
      const changed = await a()
        .patch(`/custom-fields/fields/${field.id}`, { options: [{ key: 'old', label: 'Legacy', archived: true }, { key: 'won', label: 'Won' }] })
        .expect(200);
      expect(changed.body.options).toEqual([
        { key: 'new', label: 'New', archived: false },
        { key: 'old', label: 'Legacy', archived: true },
        { key: 'won', label: 'Won', archived: false },
      ]);
    });

    it('refuses choosing an archived option, while rows that hold it keep it and filters still find them', async () => {
      const chosen = await a().post('/test-tickets', { title: 'x', customFields: { stage: 'old' } });
      expect(chosen.status).toBe(400);
      expect(chosen.body.error.details).toEqual([{ field: 'customFields.stage', message: expect.stringMatching(/archived/) }]);
      expect(await storedOf(holder)).toEqual({ stage: 'old' });
      const found = (await a().get('/test-tickets' + filterQuery({ stage: { eq: 'old' } })).expect(200)).body.data.map((r: { id: string }) => r.id);
      expect(found).toEqual([holder]);
    });
  });

  describe('archiving a field', () => {
    let field: Field;
    let holder: string;
    beforeAll(async () => {
      field = await define({ key: 'budget', label: 'Budget', type: 'number' });
      holder = await ticket({ budget: 5000 });
      await a().patch(`/custom-fields/fields/${field.id}`, { archived: true }).expect(200);
    });

    it('hides its values from reads and lists', async () => {
      expect(await storedOf(holder)).toEqual({});
      expect((await a().get('/custom-fields/fields?target=test-ticket').expect(200)).body.data.map((f: Field) => f.key)).not.toContain('budget');
      expect((await a().get('/custom-fields/fields?target=test-ticket&includeArchived=true').expect(200)).body.data.find((f: Field) => f.key === 'budget')).toMatchObject({ archived: true });
    });

    it('refuses writes and filters on it', async () => {
      const write = await a().patch(`/test-tickets/${holder}`, { customFields: { budget: 1 } });
      expect(write.status).toBe(400);
      expect(write.body.error.details).toEqual([{ field: 'customFields.budget', message: expect.stringMatching(/archived/) }]);
      expect((await a().get('/test-tickets' + filterQuery({ budget: { gt: 1 } }))).status).toBe(400);
    });

    it('keeps the values through other writes, and shows them again once unarchived', async () => {
      await a().patch(`/test-tickets/${holder}`, { title: 'changed', customFields: {} }).expect(200);
      await a().patch(`/custom-fields/fields/${field.id}`, { archived: false }).expect(200);
      expect(await storedOf(holder)).toEqual({ budget: 5000 });
    });
  });

  describe('type changes', () => {
    it('converts number to decimal, rewriting every stored value', async () => {
      const field = await define({ key: 'amount', label: 'Amount', type: 'number' });
      const ids = [await ticket({ amount: 12.5 }), await ticket({ amount: 3 })];
      const changed = await a().patch(`/custom-fields/fields/${field.id}`, { type: 'decimal', constraints: { scale: 2 } }).expect(200);
      expect(changed.body.type).toBe('decimal');
      expect([await storedOf(ids[0]!), await storedOf(ids[1]!)]).toEqual([{ amount: '12.50' }, { amount: '3.00' }]);
      // The filter now takes decimals, and the stored form matches.
      expect((await a().get('/test-tickets' + filterQuery({ amount: { eq: '12.5' } })).expect(200)).body.data.map((r: { id: string }) => r.id)).toEqual([ids[0]]);
    });

    it('converts text to long text, and refuses the way back while values would not fit, saying how many', async () => {
      const field = await define({ key: 'summary', label: 'Summary', type: 'text' });
      await a().patch(`/custom-fields/fields/${field.id}`, { type: 'long_text' }).expect(200);
      await ticket({ summary: 'one line' });
      await ticket({ summary: 'two\nlines' });
      await ticket({ summary: 'three\nmore\nlines' });
      const back = await a().patch(`/custom-fields/fields/${field.id}`, { type: 'text' });
      expect(back.status).toBe(409);
      expect(back.body.error.code).toBe('CUSTOM_FIELD_TYPE_CHANGE_BLOCKED');
      expect(back.body.error.message).toMatch(/^2 of 3 stored values of "summary" cannot become text/);
      expect(back.body.error.details).toMatchObject({ blocking: 2, values: 3 });
      expect((await a().get(`/custom-fields/fields/${field.id}`).expect(200)).body.type).toBe('long_text');
    });

    it('refuses a change no conversion supports, listing the ones that exist', async () => {
      const field = await define({ key: 'flag', label: 'Flag', type: 'boolean' });
      const response = await a().patch(`/custom-fields/fields/${field.id}`, { type: 'number' });
      expect(response.status).toBe(422);
      expect(response.body.error).toMatchObject({ code: 'CUSTOM_FIELD_TYPE_CHANGE_UNSUPPORTED', message: expect.stringMatching(/cannot change type/) });
      const text = await define({ key: 'label_text', label: 'Label', type: 'text' });
      expect((await a().patch(`/custom-fields/fields/${text.id}`, { type: 'date' })).body.error.message).toMatch(/It can become: long_text, email, phone, url/);
    });
  });

  it('makes a field unique only when no two records share a value', async () => {
    const field = await define({ key: 'ref', label: 'Ref', type: 'text' });
    await ticket({ ref: 'R-1' });
    const duplicate = await ticket({ ref: 'R-1' });
    const refused = await a().patch(`/custom-fields/fields/${field.id}`, { unique: true });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'CUSTOM_FIELD_VALUES_NOT_UNIQUE', details: { duplicated: 1 } });
    await a().patch(`/test-tickets/${duplicate}`, { customFields: { ref: 'R-2' } }).expect(200);
    await a().patch(`/custom-fields/fields/${field.id}`, { unique: true }).expect(200);
  });

  it('deletes a field no record holds a value of, and refuses while one does', async () => {
    const field = await define({ key: 'temp', label: 'Temp', type: 'text' });
    const holder = await ticket({ temp: 'x' });
    const refused = await a().delete(`/custom-fields/fields/${field.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'CUSTOM_FIELD_HAS_VALUES', details: { holders: 1 } });
    await a().patch(`/test-tickets/${holder}`, { customFields: { temp: null } }).expect(200);
    await a().delete(`/custom-fields/fields/${field.id}`).expect(204);
    await a().get(`/custom-fields/fields/${field.id}`).expect(404);
  });

  it('audits every definition change', async () => {
    const field = await define({ key: 'audited', label: 'Audited', type: 'number' });
    await a().patch(`/custom-fields/fields/${field.id}`, { label: 'Audited!' }).expect(200);
    await a().patch(`/custom-fields/fields/${field.id}`, { archived: true }).expect(200);
    await a().patch(`/custom-fields/fields/${field.id}`, { archived: false, type: 'decimal' }).expect(200);
    await a().delete(`/custom-fields/fields/${field.id}`).expect(204);
    const entries = (await a().get('/audit/entries?limit=100').expect(200)).body.data as Array<{ action: string; target: { id: string } | null; targetId?: string }>;
    const actions = entries.filter((e) => JSON.stringify(e).includes(field.id)).map((e) => e.action).reverse();
    expect(actions).toEqual([
      'custom-fields.field-created',
      'custom-fields.field-updated',
      'custom-fields.field-archived',
      'custom-fields.field-unarchived',
      'custom-fields.field-type-changed',
      'custom-fields.field-deleted',
    ]);
  });

  describe('limits', () => {
    let small: TestPlatform;
    let admin: TestSession;
    beforeAll(async () => {
      small = await startCustomFieldsPlatform({ CUSTOM_FIELDS_MAX_FIELDS_PER_TARGET: '2', CUSTOM_FIELDS_MAX_OPTIONS_PER_FIELD: '3' });
      admin = await createTenantSession(small, { role: 'admin' });
    });
    afterAll(() => small?.close());

    it('refuses a field beyond the per-target limit (archived fields count) with a clear error', async () => {
      const s = api(small, admin);
      const first = (await s.post('/custom-fields/fields', { target: 'test-ticket', key: 'one', label: 'One', type: 'text' }).expect(201)).body;
      await s.post('/custom-fields/fields', { target: 'test-ticket', key: 'two', label: 'Two', type: 'text' }).expect(201);
      await s.patch(`/custom-fields/fields/${first.id}`, { archived: true }).expect(200);
      const third = await s.post('/custom-fields/fields', { target: 'test-ticket', key: 'three', label: 'Three', type: 'text' });
      expect(third.status).toBe(422);
      expect(third.body.error).toMatchObject({ code: 'CUSTOM_FIELDS_LIMIT_REACHED', details: { limit: 2, current: 2 }, message: expect.stringMatching(/at most 2 custom fields per target/) });
    });

    it('refuses more options than the per-field limit', async () => {
      const other = await createTenantSession(small, { role: 'owner' });
      const options = ['a', 'b', 'c', 'd'].map((key) => ({ key, label: key }));
      const response = await api(small, other).post('/custom-fields/fields', { target: 'test-ticket', key: 'many', label: 'Many', type: 'multi_select', options });
      expect(response.status).toBe(400);
      expect(response.body.error.details).toEqual([{ field: 'options', message: 'must have at most 3 options (archived ones count).' }]);
    });
  });
});
