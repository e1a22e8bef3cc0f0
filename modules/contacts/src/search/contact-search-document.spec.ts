import { Contact } from '../contacts/contact.entity';
import { contactSearchDocument } from './contact-search-document';

describe('contactSearchDocument', () => {
  it('holds the names, emails, phones, company, job title and tags of a contact', () => {
    const contact = Object.assign(new Contact(), {
      displayName: 'Dr Ada Lovelace',
      firstName: 'Ada',
      lastName: 'Lovelace',
      company: 'Engines',
      jobTitle: null,
      emails: [{ address: 'ada@example.com', label: null }],
      phones: [{ number: '+442071838750', label: 'office' }],
      tags: ['vip'],
    });
    expect(contactSearchDocument(contact)).toEqual({
      id: contact.id,
      fields: { name: ['Dr Ada Lovelace', 'Ada', 'Lovelace'], emails: ['ada@example.com'], phones: ['+442071838750'], company: 'Engines', jobTitle: null, tags: ['vip'] },
    });
  });
});
