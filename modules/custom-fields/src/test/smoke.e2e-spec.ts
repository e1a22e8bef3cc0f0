import { api, createTenantSession, filterQuery, startCustomFieldsPlatform, type TestPlatform, type TestSession } from './cf-test-platform';

describe('custom fields smoke', () => {
  let t: TestPlatform;
  let owner: TestSession;
  beforeAll(async () => {
    t = await startCustomFieldsPlatform();
    owner = await createTenantSession(t, { role: 'owner' });
  });
  afterAll(() => t?.close());

  it('defines fields, validates writes, filters and sorts', async () => {
    const a = api(t, owner);
    const f = await a.post('/custom-fields/fields', { target: 'test-ticket', key: 'score', label: 'Score', type: 'number' });
    expect(f.status).toBe(201);
    const tier = await a.post('/custom-fields/fields', { target: 'test-ticket', key: 'tier', label: 'Tier', type: 'single_select', options: [{ key: 'gold', label: 'Gold' }, { key: 'silver', label: 'Silver' }] });
    expect(tier.status).toBe(201);
    for (const [i, v] of [3, 1, 2].entries()) {
      const r = await a.post('/test-tickets', { title: `t${i}`, customFields: { score: v, tier: i % 2 ? 'gold' : 'silver' } });
      expect(r.status).toBe(201);
    }
    const bad = await a.post('/test-tickets', { title: 'x', customFields: { score: 'high' } });
    expect(bad.status).toBe(400);
    console.log(JSON.stringify(bad.body));
    const list = await a.get('/test-tickets' + filterQuery({ tier: { eq: 'silver' } }, { sort: '-customFields.score', limit: '1' }));
    console.log(JSON.stringify(list.body));
    expect(list.status).toBe(200);
    const next = await a.get('/test-tickets' + filterQuery({ tier: { eq: 'silver' } }, { sort: '-customFields.score', limit: '1', cursor: list.body.nextCursor }));
    console.log(JSON.stringify(next.body));
  });
});
