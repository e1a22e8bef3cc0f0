import { Contact } from '../contacts/contact.entity';
import { parseStandardSort, standardSort } from './contact-sorts';

const ID = '0190c1a8-0000-7000-8000-000000000001';

describe('standard keyset sorts', () => {
  it('parses standard sorts and leaves custom-field sorts to the contract', () => {
    expect(parseStandardSort('lastName')).toEqual({ key: 'lastName', direction: 'asc' });
    expect(parseStandardSort('-createdAt')).toEqual({ key: 'createdAt', direction: 'desc' });
    expect(parseStandardSort('customFields.score')).toBeNull();
  });

  it('orders nullable columns nulls last in both directions, with the id as tiebreak', () => {
    expect(standardSort({ key: 'lastName', direction: 'desc' }).orderBy).toEqual([{ lastName: 'desc nulls last' }, { id: 'desc' }]);
    expect(standardSort({ key: 'createdAt', direction: 'asc' }).orderBy).toEqual([{ createdAt: 'asc' }, { id: 'asc' }]);
  });

  it('continues after the cursor of a row, with values as parameters', () => {
    const sort = standardSort({ key: 'lastName', direction: 'asc' });
    const row = Object.assign(new Contact(), { id: ID, lastName: "O'Brien" });
    expect(sort.after(sort.cursorOf(row))).toEqual({
      sql: '(c.last_name > ?::text OR (c.last_name = ?::text AND c.id > ?::uuid) OR c.last_name IS NULL)',
      params: ["O'Brien", "O'Brien", ID],
    });
    const unnamed = Object.assign(new Contact(), { id: ID, lastName: null });
    expect(sort.after(sort.cursorOf(unnamed))).toEqual({ sql: '(c.last_name IS NULL AND c.id > ?::uuid)', params: [ID] });
    const byDate = standardSort({ key: 'createdAt', direction: 'desc' });
    const dated = Object.assign(new Contact(), { id: ID, createdAt: new Date('2025-01-01T00:00:00.123Z') });
    expect(byDate.after(byDate.cursorOf(dated))).toEqual({ sql: '((c.created_at, c.id) < (?::timestamptz, ?::uuid))', params: ['2025-01-01T00:00:00.123Z', ID] });
  });

  it.each([
    ['another sort', () => standardSort({ key: 'firstName', direction: 'asc' }).cursorOf(Object.assign(new Contact(), { id: ID }))],
    ['another direction', () => standardSort({ key: 'lastName', direction: 'desc' }).cursorOf(Object.assign(new Contact(), { id: ID }))],
    ['not base64 JSON', () => '%%%'],
    ['a custom-field cursor', () => Buffer.from(JSON.stringify(['score', 'asc', 1, ID])).toString('base64url')],
    ['a bad id', () => Buffer.from(JSON.stringify(['contacts', 'lastName', 'asc', 'x', 'nope'])).toString('base64url')],
    ['a value of the wrong type', () => Buffer.from(JSON.stringify(['contacts', 'lastName', 'asc', { $gt: 1 }, ID])).toString('base64url')],
  ])('refuses a cursor of %s with a 400 on cursor', (_, cursor) => {
    expect(() => standardSort({ key: 'lastName', direction: 'asc' }).after(cursor())).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field: 'cursor' })] }));
  });

  it('refuses a null value for a column that is never null', () => {
    const cursor = Buffer.from(JSON.stringify(['contacts', 'createdAt', 'asc', null, ID])).toString('base64url');
    expect(() => standardSort({ key: 'createdAt', direction: 'asc' }).after(cursor)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
