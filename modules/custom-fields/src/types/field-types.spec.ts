import type { CustomFieldConstraints, CustomFieldOption, CustomFieldType } from '../contract/custom-field-types';
import { CUSTOM_FIELD_TYPES } from '../contract/custom-field-types';
import type { FieldSpec } from './field-type';
import { handlerOf } from './field-types';

const options: CustomFieldOption[] = [
  { key: 'eu', label: 'Europe', archived: false },
  { key: 'us', label: 'United States', archived: false },
  { key: 'apac', label: 'Asia-Pacific', archived: false },
  { key: 'legacy', label: 'Legacy', archived: true },
];
const spec = (type: CustomFieldType, constraints: CustomFieldConstraints = {}): FieldSpec => ({ key: 'f', type, constraints, options });

/** [input, stored form] that each type accepts, and [input, words of the refusal] it refuses. */
const CASES: Record<CustomFieldType, { constraints?: CustomFieldConstraints; accepts: Array<[unknown, unknown]>; refuses: Array<[unknown, RegExp]> }> = {
  text: {
    constraints: { minLength: 2, maxLength: 10 },
    accepts: [['ACME-42', 'ACME-42'], ['日本語テキスト', '日本語テキスト']],
    refuses: [[42, /must be a string, not a number/], ['a', /at least 2 characters/], ['x'.repeat(11), /at most 10 characters \(it has 11\)/], ['two\nlines', /one line/], ['nul\u0000', /control/]],
  },
  long_text: {
    accepts: [['First line\nSecond line', 'First line\nSecond line']],
    refuses: [[['a'], /must be a string, not an array/], ['x'.repeat(10_001), /at most 10000 characters/], ['bell\u0007', /control characters/]],
  },
  number: {
    constraints: { min: -10, max: 100 },
    accepts: [[42.5, 42.5], [-0, 0], [100, 100]],
    refuses: [['42', /must be a number, not a string/], [100.5, /at most 100/], [-11, /at least -10/], [Number.NaN, /finite/]],
  },
  decimal: {
    constraints: { scale: 2, min: '0', max: '1000000' },
    accepts: [['1234.5', '1234.50'], [12, '12.00'], ['0.10', '0.10'], ['-0', '0.00']],
    refuses: [['12.345', /at most 2 decimals/], ['1e3', /decimal number such as/], [true, /not a boolean/], ['-1', /at least 0/], ['2000000', /at most 1000000/]],
  },
  currency: {
    constraints: { currencies: ['EUR', 'JPY', 'BHD'], min: '0' },
    accepts: [
      [{ amount: '99.9', currency: 'EUR' }, { amount: '99.90', currency: 'EUR' }],
      [{ amount: 1500, currency: 'jpy' }, { amount: '1500', currency: 'JPY' }],
      [{ amount: '1.234', currency: 'BHD' }, { amount: '1.234', currency: 'BHD' }],
    ],
    refuses: [
      [{ amount: '1.5', currency: 'JPY' }, /whole number/],
      [{ amount: '10', currency: 'USD' }, /one of the currencies EUR, JPY, BHD/],
      [{ amount: '10', currency: 'XYZ' }, /ISO 4217/],
      [{ amount: '10' }, /ISO 4217/],
      [{ amount: '10', currency: 'EUR', note: 'x' }, /unknown properties note/],
      ['10 EUR', /must be an object/],
      [{ amount: '-1', currency: 'EUR' }, /at least 0/],
    ],
  },
  boolean: { accepts: [[true, true], [false, false]], refuses: [['true', /true or false, not a string/], [0, /true or false/]] },
  date: {
    constraints: { min: '2000-01-01' },
    accepts: [['2024-02-29', '2024-02-29']],
    refuses: [['2023-02-29', /not a calendar date/], ['2024-2-1', /YYYY-MM-DD/], ['1999-12-31', /before 2000-01-01/], [20240101, /not a number/]],
  },
  date_time: {
    accepts: [['2025-03-31T10:00:00+02:00', '2025-03-31T08:00:00.000Z'], ['2025-03-31T08:00:00.123Z', '2025-03-31T08:00:00.123Z']],
    refuses: [['2025-03-31T10:00:00', /time zone/], ['2025-03-31', /time zone/], ['yesterday', /ISO 8601/]],
  },
  email: {
    accepts: [[' Ada.Lovelace@Example.COM ', 'ada.lovelace@example.com']],
    refuses: [['not-an-email', /email address/], ['ada@', /email address/], [`${'a'.repeat(250)}@example.com`, /at most 254/]],
  },
  phone: {
    accepts: [['+44 20 7183 8750', '+442071838750'], ['+1 (415) 555-2671', '+14155552671']],
    refuses: [['020 7183 8750', /international number starting with \+/], ['+44 12', /not a valid phone number/], ['+999 1234567', /not a valid phone number/]],
  },
  url: {
    accepts: [['https://Example.com', 'https://example.com/'], ['http://example.com/a?b=c#d', 'http://example.com/a?b=c#d']],
    refuses: [['example.com', /absolute URL/], ['javascript:alert(1)', /http or https/], ['ftp://example.com/file', /http or https/]],
  },
  single_select: {
    accepts: [['eu', 'eu']],
    refuses: [['mars', /"mars" is not an option of this field \(options: eu, us, apac, legacy\)/], ['legacy', /archived/], [['eu'], /option key \(string\), not an array/]],
  },
  multi_select: {
    constraints: { minItems: 1, maxItems: 2 },
    accepts: [[['us', 'eu'], ['eu', 'us']]],
    refuses: [[['eu', 'eu'], /twice/], [['eu', 'us', 'apac'], /at most 2 options/], ['eu', /must be an array/], [['legacy'], /archived/], [['mars'], /not an option/]],
  },
};

describe('custom field types', () => {
  it('has accept and refuse cases for every type', () => {
    expect(Object.keys(CASES).sort()).toEqual([...CUSTOM_FIELD_TYPES].sort());
  });

  describe.each(CUSTOM_FIELD_TYPES)('%s', (type) => {
    const { constraints, accepts, refuses } = CASES[type];
    it.each(accepts.map(([input, stored]) => [JSON.stringify(input), input, stored]))('accepts %s and stores its normal form', (_label, input, stored) => {
      expect(handlerOf(type).normalize(input, spec(type, constraints))).toEqual({ ok: true, value: stored });
    });
    it.each(refuses.map(([input, words]) => [JSON.stringify(input)?.slice(0, 40), input, words]))('refuses %s and says why', (_label, input, words) => {
      const checked = handlerOf(type).normalize(input, spec(type, constraints));
      expect(checked.ok).toBe(false);
      expect(!checked.ok && checked.message).toMatch(words as RegExp);
    });
  });

  it('keeps an archived option a row already holds, and refuses choosing it anew', () => {
    expect(handlerOf('single_select').normalize('legacy', spec('single_select'), 'legacy')).toEqual({ ok: true, value: 'legacy' });
    expect(handlerOf('multi_select').normalize(['legacy', 'eu'], spec('multi_select'), ['legacy'])).toEqual({ ok: true, value: ['eu', 'legacy'] });
    expect(handlerOf('multi_select').normalize(['legacy'], spec('multi_select'), ['eu']).ok).toBe(false);
  });

  it('checks constraints per type and names the wrong one', () => {
    expect(handlerOf('text').checkConstraints({ maxLength: 5000 })).toEqual([{ field: 'constraints.maxLength', message: expect.stringMatching(/1 to 1000/) }]);
    expect(handlerOf('text').checkConstraints({ pattern: '(a)\\1' })).toEqual([{ field: 'constraints.pattern', message: expect.stringMatching(/back-references/) }]);
    expect(handlerOf('number').checkConstraints({ scale: 2 })).toEqual([{ field: 'constraints.scale', message: expect.stringMatching(/does not apply to number fields/) }]);
    expect(handlerOf('decimal').checkConstraints({ min: '10', max: '1' })).toEqual([{ field: 'constraints.min', message: 'must not exceed max.' }]);
    expect(handlerOf('currency').checkConstraints({ currencies: ['EUR', 'EURO'] })).toEqual([{ field: 'constraints.currencies', message: expect.stringMatching(/EURO/) }]);
    expect(handlerOf('date').checkConstraints({ min: '2025-13-01' })).toEqual([{ field: 'constraints.min', message: expect.stringMatching(/calendar date|YYYY/) }]);
    expect(handlerOf('multi_select').checkConstraints({ minItems: 3, maxItems: 2 })).toEqual([{ field: 'constraints.minItems', message: 'must not exceed maxItems.' }]);
    expect(handlerOf('boolean').checkConstraints({})).toEqual([]);
  });

  it('normalises filter operands like stored values, and accepts any precision for decimal ranges', () => {
    expect(handlerOf('email').operand('eq', 'ADA@example.com', spec('email'))).toEqual({ ok: true, value: 'ada@example.com' });
    expect(handlerOf('decimal').operand('gt', '12.345', spec('decimal'))).toEqual({ ok: true, value: '12.345' });
    expect(handlerOf('decimal').operand('eq', '12.345', spec('decimal')).ok).toBe(false);
    expect(handlerOf('multi_select').operand('contains', 'legacy', spec('multi_select'))).toEqual({ ok: true, value: ['legacy'] });
    expect(handlerOf('text').operand('contains', '', spec('text')).ok).toBe(false);
  });
});
