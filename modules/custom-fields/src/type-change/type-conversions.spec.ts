import type { CustomFieldType } from '../contract/custom-field-types';
import type { FieldSpec } from '../types/field-type';
import { conversionOf, convertibleTo } from './type-conversions';

const to = (type: CustomFieldType, extra: Partial<FieldSpec> = {}): FieldSpec => ({ key: 'f', type, constraints: {}, options: [{ key: 'a', label: 'A', archived: false }, { key: 'b', label: 'B', archived: false }], ...extra });

describe('type conversions', () => {
  it('converts number to decimal exactly, and refuses values with more decimals than the scale', () => {
    const conversion = conversionOf('number', 'decimal')!;
    expect(conversion.rewrites).toBe(true);
    expect(conversion.convert(12.5, to('decimal'))).toEqual({ ok: true, value: '12.50' });
    expect(conversion.convert(12.345, to('decimal')).ok).toBe(false);
    expect(conversion.convert(12.345, to('decimal', { constraints: { scale: 3 } }))).toEqual({ ok: true, value: '12.345' });
  });

  it('converts decimal to number only when a double holds it exactly', () => {
    const conversion = conversionOf('decimal', 'number')!;
    expect(conversion.convert('0.10', to('number'))).toEqual({ ok: true, value: 0.1 });
    expect(conversion.convert('12345678901234567.50', to('number')).ok).toBe(false);
  });

  it('converts text to long text without rewriting, and long text back only when it fits one line', () => {
    expect(conversionOf('text', 'long_text')!.rewrites).toBe(false);
    expect(conversionOf('long_text', 'text')!.convert('one\ntwo', to('text')).ok).toBe(false);
    expect(conversionOf('long_text', 'text')!.convert('x'.repeat(300), to('text')).ok).toBe(false);
    expect(conversionOf('long_text', 'text')!.convert('fits', to('text')).ok).toBe(true);
  });

  it('moves between single and multi select when nothing is lost', () => {
    expect(conversionOf('single_select', 'multi_select')!.convert('a', to('multi_select'))).toEqual({ ok: true, value: ['a'] });
    expect(conversionOf('multi_select', 'single_select')!.convert(['b'], to('single_select'))).toEqual({ ok: true, value: 'b' });
    expect(conversionOf('multi_select', 'single_select')!.convert(['a', 'b'], to('single_select')).ok).toBe(false);
  });

  it('converts dates to midnight UTC, and date-times back only at midnight', () => {
    expect(conversionOf('date', 'date_time')!.convert('2025-03-31', to('date_time'))).toEqual({ ok: true, value: '2025-03-31T00:00:00.000Z' });
    expect(conversionOf('date_time', 'date')!.convert('2025-03-31T08:00:00.000Z', to('date')).ok).toBe(false);
  });

  it('has no conversion that would lose data', () => {
    expect(conversionOf('boolean', 'number')).toBeUndefined();
    expect(conversionOf('currency', 'decimal')).toBeUndefined();
    expect(convertibleTo('boolean')).toEqual([]);
    expect(convertibleTo('text')).toEqual(['long_text', 'email', 'phone', 'url']);
  });
});
