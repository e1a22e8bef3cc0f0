import type { CustomFieldDefinition } from '@tessera/custom-fields';
import type { ContactRow } from '../contacts/contact-pages.service';
import { customCell, exportRecord } from './export-cells';
import { resolveColumns } from './export-columns';

const field = (type: CustomFieldDefinition['type'], extra: Partial<CustomFieldDefinition> = {}): CustomFieldDefinition =>
  ({ key: 'f', type, options: [], ...extra }) as CustomFieldDefinition;

describe('export cells', () => {
  it('formats custom values for people and for re-import', () => {
    const select = field('single_select', { options: [{ key: 'gold', label: 'Gold tier', archived: false }] });
    const multi = field('multi_select', { options: [{ key: 'eu', label: 'Europe', archived: false }, { key: 'us', label: 'Americas', archived: false }] });
    expect(customCell('gold', select)).toBe('Gold tier');
    expect(customCell('gone', select)).toBe('gone');
    expect(customCell(['eu', 'us'], multi)).toBe('Europe; Americas');
    expect(customCell(42.5, field('number'))).toBe('42.5');
    expect(customCell('1234.50', field('decimal'))).toBe('1234.50');
    expect(customCell({ amount: '99.90', currency: 'EUR' }, field('currency'))).toBe('99.90 EUR');
    expect(customCell(false, field('boolean'))).toBe('false');
    expect(customCell('2025-03-31', field('date'))).toBe('2025-03-31');
    expect(customCell('line one\nline two', field('long_text'))).toBe('line one\nline two');
    expect(customCell(undefined, field('text'))).toBe('');
    expect(customCell('kept', undefined)).toBe('');
  });

  it('joins lists, writes instants in ISO 8601 and empty values as empty cells', () => {
    const row = {
      id: 'c1',
      displayName: 'Ada',
      firstName: 'Ada',
      middleName: null,
      emails: [{ address: 'a@x.example', label: 'work' }, { address: 'b@x.example', label: null }],
      phones: [{ number: '+442071838750', label: null }],
      tags: ['vip', 'eu'],
      customFields: { score: 3 },
      createdAt: new Date('2025-01-02T03:04:05.678Z'),
      deletedAt: null,
    } as unknown as ContactRow;
    const columns = resolveColumns(['displayName', 'middleName', 'emails', 'phones', 'tags', 'createdAt', 'deletedAt', 'customFields.score', 'customFields.gone'], [
      { ...field('number'), key: 'score' },
    ]);
    expect(exportRecord(row, columns)).toEqual(['Ada', '', 'a@x.example; b@x.example', '+442071838750', 'vip; eu', '2025-01-02T03:04:05.678Z', '', '3', '']);
  });
});
