import { identifiersOf } from './identifiers-of';

describe('identifiersOf', () => {
  it('lists each normalised email, phone and tag once', () => {
    expect(
      identifiersOf({
        emails: [{ address: 'ada@example.com' }, { address: 'ada@example.com' }],
        phones: [{ number: '+442071838750' }],
        tags: ['vip', 'ada@example.com'],
      }),
    ).toEqual([
      { kind: 'email', value: 'ada@example.com' },
      { kind: 'phone', value: '+442071838750' },
      { kind: 'tag', value: 'vip' },
      { kind: 'tag', value: 'ada@example.com' },
    ]);
  });

  it('has nothing for a contact without emails, phones or tags', () => {
    expect(identifiersOf({ emails: [], phones: [], tags: [] })).toEqual([]);
  });
});
