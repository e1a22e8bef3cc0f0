import { Contact } from '../contacts/contact.entity';
import { planMerge } from './merge-plan';

const contact = (fields: Partial<Contact>): Contact => Object.assign(new Contact(), fields);

describe('planMerge', () => {
  const target = contact({
    firstName: 'Ada',
    company: null,
    jobTitle: 'Analyst',
    ownerId: null,
    emails: [{ address: 'ada@example.com', label: 'work' }],
    phones: [{ number: '+442071838750', label: null }],
    tags: ['vip'],
  });
  const source = contact({
    firstName: 'Augusta',
    lastName: 'Lovelace',
    company: 'Engines',
    jobTitle: 'Countess',
    ownerId: '0190c1a8-0000-7000-8000-000000000001',
    emails: [{ address: 'ada@example.com', label: 'home' }, { address: 'augusta@example.org', label: null }],
    phones: [{ number: '+14155552671', label: 'mobile' }],
    tags: ['lead', 'vip'],
  });

  it('keeps the target values, fills the empty ones from the source and unions the lists (target first, target labels)', () => {
    const { changes, overLimits } = planMerge(target, source, {});
    expect(changes.text).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', company: 'Engines', jobTitle: 'Analyst', middleName: null });
    expect(changes.ownerId).toBe(source.ownerId);
    expect(changes.emails).toEqual([
      { address: 'ada@example.com', label: 'work' },
      { address: 'augusta@example.org', label: null },
    ]);
    expect(changes.phones.map((p) => p.number)).toEqual(['+442071838750', '+14155552671']);
    expect(changes.tags).toEqual(['vip', 'lead']);
    expect(overLimits).toEqual([]);
  });

  it('follows preferences: source wins when it has a value, target keeps even an empty value', () => {
    const { changes } = planMerge(target, source, { firstName: 'source', company: 'target', middleName: 'source', ownerId: 'target' });
    expect(changes.text).toMatchObject({ firstName: 'Augusta', company: null, middleName: null });
    expect(changes.ownerId).toBeNull();
  });

  it('reports lists the union would take over their limit', () => {
    const many = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
    const big = planMerge(contact({ ...target, tags: many('a', 30) }), contact({ ...source, tags: many('b', 30) }), {});
    expect(big.overLimits).toEqual([{ field: 'tags', count: 60, limit: 50 }]);
  });
});
