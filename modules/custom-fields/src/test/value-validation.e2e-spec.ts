import { createTenantSession, type TestSession } from '@tessera/auth/testing';
import { api, startCustomFieldsPlatform, type TestPlatform } from './cf-test-platform';

/**
 * The shared validator on a target's write path (the test-only tickets module calls it exactly as contacts
 * will): every type accepted and refused through HTTP, defaults, required, unknown keys, patterns,
 * uniqueness and the size limit.
 */
describe('custom field values on a target write path', () => {
  let t: TestPlatform;
  let owner: TestSession;
  const a = () => api(t, owner);
  const define = async (body: object) => {
    const response = await a().post('/custom-fields/fields', { target: 'test-ticket', ...body });
    expect(response.status).toBe(201);
    return response.body as { id: string; key: string };
  };
  const create = (customFields: object) => a().post('/test-tickets', { title: 'ticket', customFields });

  beforeAll(async () => {
    t = await startCustomFieldsPlatform({ CUSTOM_FIELDS_MAX_VALUES_BYTES_PER_ROW: '4096' });
    owner = await createTenantSession(t, { role: 'owner' });
    await define({ key: 'code', label: 'Code', type: 'text', constraints: { maxLength: 20, pattern: '^[A-Z]{2}-[0-9]+$' } });
    await define({ key: 'notes', label: 'Notes', type: 'long_text' });
    await define({ key: 'score', label: 'Score', type: 'number', constraints: { min: 0, max: 100 } });
    await define({ key: 'rate', label: 'Rate', type: 'decimal', constraints: { scale: 3 } });
    await define({ key: 'price', label: 'Price', type: 'currency', constraints: { currencies: ['EUR', 'JPY'] } });
    await define({ key: 'vip', label: 'VIP', type: 'boolean' });
    await define({ key: 'due', label: 'Due', type: 'date' });
    await define({ key: 'seen_at', label: 'Seen at', type: 'date_time' });
    await define({ key: 'contact', label: 'Contact', type: 'email', unique: true });
    await define({ key: 'phone', label: 'Phone', type: 'phone' });
    await define({ key: 'site', label: 'Site', type: 'url' });
    await define({ key: 'tier', label: 'Tier', type: 'single_select', options: [{ key: 'gold', label: 'Gold' }, { key: 'silver', label: 'Silver' }] });
    await define({ key: 'regions', label: 'Regions', type: 'multi_select', options: [{ key: 'eu', label: 'EU' }, { key: 'us', label: 'US' }] });
  });
  afterAll(() => t?.close());

  const ACCEPTED: Array<[string, unknown, unknown]> = [
    ['code', 'AB-12', 'AB-12'],
    ['notes', 'line one\nline two', 'line one\nline two'],
    ['score', 99.5, 99.5],
    ['rate', '0.5', '0.500'],
    ['price', { amount: '1200', currency: 'jpy' }, { amount: '1200', currency: 'JPY' }],
    ['vip', false, false],
    ['due', '2025-12-31', '2025-12-31'],
    ['seen_at', '2025-03-31T10:00:00+02:00', '2025-03-31T08:00:00.000Z'],
    ['contact', 'Ada@Example.com', 'ada@example.com'],
    ['phone', '+44 20 7183 8750', '+442071838750'],
    ['site', 'https://Example.com', 'https://example.com/'],
    ['tier', 'gold', 'gold'],
    ['regions', ['us', 'eu'], ['eu', 'us']],
  ];
  it.each(ACCEPTED)('stores a valid %s value in its normal form and reads it back', async (key, input, stored) => {
    const created = await create({ [key]: input });
    expect(created.status).toBe(201);
    expect(created.body.customFields[key]).toEqual(stored);
    const read = await a().get(`/test-tickets/${created.body.id}`).expect(200);
    expect(read.body.customFields[key]).toEqual(stored);
  });

  const REFUSED: Array<[string, unknown, RegExp]> = [
    ['code', 'ab-12', /does not match the pattern/],
    ['code', 'AB-1234567890123456789', /at most 20 characters/],
    ['notes', 42, /must be a string/],
    ['score', 101, /at most 100/],
    ['rate', '0.1234', /at most 3 decimals/],
    ['price', { amount: '10', currency: 'USD' }, /one of the currencies EUR, JPY/],
    ['vip', 'yes', /true or false/],
    ['due', '2025-02-30', /not a calendar date/],
    ['seen_at', '2025-03-31 10:00', /ISO 8601/],
    ['contact', 'ada at example', /email address/],
    ['phone', '555-2671', /international number/],
    ['site', 'mailto:ada@example.com', /http or https/],
    ['tier', 'bronze', /not an option/],
    ['regions', ['eu', 'asia'], /"asia" is not an option/],
  ];
  it.each(REFUSED)('refuses an invalid %s value with a 400 naming customFields.<key>', async (key, input, words) => {
    const response = await create({ [key]: input });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.details).toEqual([{ field: `customFields.${key}`, message: expect.stringMatching(words) }]);
  });

  it('lists every invalid value at once', async () => {
    const response = await create({ score: -1, vip: 'no', nope: 1 });
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['customFields.nope', 'customFields.score', 'customFields.vip']);
  });

  it('refuses a key no field has, and a customFields that is not an object', async () => {
    const unknown = await create({ colour: 'red' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([{ field: 'customFields.colour', message: 'is not a custom field of test-ticket.' }]);
    const notObject = await a().post('/test-tickets', { title: 'x', customFields: ['a'] });
    expect(notObject.status).toBe(400);
  });

  describe('defaults and required fields', () => {
    let requiredId: string;
    beforeAll(async () => {
      requiredId = (await define({ key: 'severity', label: 'Severity', type: 'single_select', required: true, default: 'low', options: [{ key: 'low', label: 'Low' }, { key: 'high', label: 'High' }] })).id;
      await define({ key: 'channel', label: 'Channel', type: 'text', required: true });
    });
    afterAll(async () => {
      // Later suites' creates must not need these fields.
      await a().patch(`/custom-fields/fields/${requiredId}`, { archived: true }).expect(200);
      const channel = (await a().get('/custom-fields/fields?target=test-ticket').expect(200)).body.data.find((f: { key: string }) => f.key === 'channel');
      await a().patch(`/custom-fields/fields/${channel.id}`, { archived: true }).expect(200);
    });

    it('applies the default when a new record has no value, and requires the required field without one', async () => {
      const missing = await create({});
      expect(missing.status).toBe(400);
      expect(missing.body.error.details).toEqual([{ field: 'customFields.channel', message: 'is required.' }]);
      const created = await create({ channel: 'email' });
      expect(created.status).toBe(201);
      expect(created.body.customFields).toMatchObject({ severity: 'low', channel: 'email' });
    });

    it('refuses clearing a required value on update, and keeps untouched values', async () => {
      const created = await create({ channel: 'phone', vip: true });
      const cleared = await a().patch(`/test-tickets/${created.body.id}`, { customFields: { channel: null } });
      expect(cleared.status).toBe(400);
      expect(cleared.body.error.details).toEqual([{ field: 'customFields.channel', message: 'is required.' }]);
      const changed = await a().patch(`/test-tickets/${created.body.id}`, { customFields: { vip: null, severity: 'high' } }).expect(200);
      expect(changed.body.customFields).toEqual({ channel: 'phone', severity: 'high' });
    });
  });

  describe('unique fields', () => {
    it('refuses a value another record holds (409 naming the field), also through an update, and allows keeping it', async () => {
      const first = await create({ contact: 'grace@example.com' });
      expect(first.status).toBe(201);
      const second = await create({ contact: 'GRACE@example.com' });
      expect(second.status).toBe(409);
      expect(second.body.error).toMatchObject({ code: 'CUSTOM_FIELD_VALUE_TAKEN', details: [{ field: 'customFields.contact' }] });
      const other = await create({ contact: 'alan@example.com' });
      expect((await a().patch(`/test-tickets/${other.body.id}`, { customFields: { contact: 'grace@example.com' } })).status).toBe(409);
      await a().patch(`/test-tickets/${first.body.id}`, { customFields: { contact: 'grace@example.com', vip: true } }).expect(200);
    });

    it('lets exactly one of many concurrent writers of the same value win', async () => {
      const responses = await Promise.all(Array.from({ length: 6 }, () => create({ contact: 'race@example.com' })));
      expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    });

    it('keeps unique values per tenant: another tenant may hold the same value', async () => {
      const other = await createTenantSession(t, { role: 'owner' });
      await api(t, other).post('/custom-fields/fields', { target: 'test-ticket', key: 'contact', label: 'Contact', type: 'email', unique: true }).expect(201);
      await api(t, other).post('/test-tickets', { title: 'x', customFields: { contact: 'grace@example.com' } }).expect(201);
    });
  });

  it('refuses a record whose custom values exceed the per-row size limit, naming the limit', async () => {
    const response = await create({ notes: 'x'.repeat(5000) });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([{ field: 'customFields', message: expect.stringMatching(/limited to 4096 bytes/) }]);
  });
});
