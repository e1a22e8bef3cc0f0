import type { CustomFieldDefinition } from '@tessera/custom-fields';
import { chooseColumns, STANDARD_EXPORT_COLUMNS } from './export-columns';

const readable = [{ key: 'tier' }, { key: 'score' }] as CustomFieldDefinition[];

describe('export columns', () => {
  it('defaults to every standard column but deletedAt, then every readable custom field in order', () => {
    expect(chooseColumns(undefined, readable, false)).toEqual([...STANDARD_EXPORT_COLUMNS.filter((c) => c !== 'deletedAt'), 'customFields.tier', 'customFields.score']);
  });

  it('adds deletedAt by default when exporting the trash', () => {
    expect(chooseColumns(undefined, [], true)).toContain('deletedAt');
  });

  it('keeps the requested columns in their order', () => {
    expect(chooseColumns(['customFields.score', 'lastName', 'id'], readable, false)).toEqual(['customFields.score', 'lastName', 'id']);
  });

  it('refuses unknown and unreadable columns and repeats, naming each, without telling a hidden field from an unknown one', () => {
    expect(() => chooseColumns(['id', 'nickname', 'customFields.salary', 'id'], readable, false)).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        details: [
          { field: 'columns.1', message: expect.stringContaining('is not a column') },
          { field: 'columns.2', message: expect.stringContaining('is not a column') },
          { field: 'columns.3', message: 'duplicates columns.0.' },
        ],
      }),
    );
  });
});
