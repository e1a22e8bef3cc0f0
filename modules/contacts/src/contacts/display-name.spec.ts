import { displayNameOf, type NameParts } from './display-name';

const none: NameParts = { prefix: null, firstName: null, middleName: null, lastName: null, suffix: null, company: null, emails: [] };

describe('displayNameOf', () => {
  it('joins the name parts in order', () => {
    expect(displayNameOf({ ...none, prefix: 'Dr', firstName: 'Ada', middleName: 'King', lastName: 'Lovelace', suffix: 'PhD' })).toBe('Dr Ada King Lovelace PhD');
    expect(displayNameOf({ ...none, lastName: 'Curie', company: 'Institut' })).toBe('Curie');
  });

  it('falls back to the company, then the first email, when there is no name', () => {
    expect(displayNameOf({ ...none, company: 'Acme', emails: [{ address: 'a@acme.test' }] })).toBe('Acme');
    expect(displayNameOf({ ...none, emails: [{ address: 'a@acme.test' }, { address: 'b@acme.test' }] })).toBe('a@acme.test');
  });

  it('does not take an honorific alone for a name', () => {
    expect(displayNameOf({ ...none, prefix: 'Dr', company: 'Acme' })).toBe('Acme');
  });
});
