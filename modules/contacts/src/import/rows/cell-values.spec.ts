import type { CustomFieldDefinition, CustomFieldOption } from '@tessera/custom-fields';
import { cellValue, splitAddresses, splitItems } from './cell-values';

const option = (key: string, label: string, archived = false): CustomFieldOption => ({ key, label, archived });
const field = (type: CustomFieldDefinition['type'], options: CustomFieldOption[] = []): CustomFieldDefinition => ({ key: 'f', type, options }) as unknown as CustomFieldDefinition;

describe('import cell values', () => {
  const tier = field('single_select', [option('gold', 'Gold'), option('silver', 'Silver tier')]);

  it('reads a select cell by option key or label, case-insensitively', () => {
    expect(cellValue(tier, 'gold')).toEqual({ value: 'gold' });
    expect(cellValue(tier, 'Silver tier')).toEqual({ value: 'silver' });
    expect(cellValue(tier, 'SILVER TIER')).toEqual({ value: 'silver' });
    expect(cellValue(tier, 'GOLD')).toEqual({ value: 'gold' });
  });

  it('passes a cell naming no option on as it is, for the contract to refuse', () => {
    expect(cellValue(tier, 'Platinum')).toEqual({ value: 'Platinum' });
  });

  it('refuses a label several options share, naming them', () => {
    const twins = field('single_select', [option('gold', 'Gold'), option('gold_2', 'gold')]);
    expect(cellValue(twins, 'GOLD')).toEqual({ problem: expect.stringContaining('matches several options of this field: gold ("Gold"), gold_2 ("gold")') });
    // An exact spelling is no longer ambiguous.
    expect(cellValue(twins, 'Gold')).toEqual({ value: 'gold' });
    expect(cellValue(twins, 'gold_2')).toEqual({ value: 'gold_2' });
  });

  it("refuses a cell that is one option's key and another's label", () => {
    const crossed = field('single_select', [option('vip', 'Premium'), option('gold', 'vip')]);
    expect(cellValue(crossed, 'vip')).toEqual({ problem: expect.stringContaining('vip ("Premium"), gold ("vip")') });
    expect(cellValue(crossed, 'Premium')).toEqual({ value: 'vip' });
  });

  it('takes the one option that can still be chosen when an archived one is labelled alike', () => {
    const renamed = field('single_select', [option('old_gold', 'Gold', true), option('gold', 'Gold')]);
    expect(cellValue(renamed, 'Gold')).toEqual({ value: 'gold' });
  });

  it('reads multi-select cells split on ";" (what exports write), labels holding commas included', () => {
    const regions = field('multi_select', [option('eu', 'Europe, Middle East'), option('us', 'Americas')]);
    expect(cellValue(regions, 'Europe, Middle East; americas')).toEqual({ value: ['eu', 'us'] });
    expect(cellValue(field('multi_select', [option('a', 'A'), option('b', 'a')]), 'x; A; a')).toEqual({ problem: expect.stringContaining('"a" matches several options') });
  });

  it('reads numbers (negative ones too), booleans and money, and passes anything else on as text', () => {
    expect(cellValue(field('number'), '-12.5')).toEqual({ value: -12.5 });
    expect(cellValue(field('number'), '12,5')).toEqual({ value: '12,5' });
    expect(cellValue(field('boolean'), 'Yes')).toEqual({ value: true });
    expect(cellValue(field('boolean'), 'false')).toEqual({ value: false });
    expect(cellValue(field('boolean'), 'maybe')).toEqual({ value: 'maybe' });
    expect(cellValue(field('currency'), '1200.50 eur')).toEqual({ value: { amount: '1200.50', currency: 'EUR' } });
    expect(cellValue(field('date'), '2025-03-31')).toEqual({ value: '2025-03-31' });
    expect(cellValue(undefined, 'unknown field')).toEqual({ value: 'unknown field' });
  });

  it('splits emails and phones on ";" and ",", tags only on ";"', () => {
    expect(splitAddresses('a@x.example; b@x.example,c@x.example')).toEqual(['a@x.example', 'b@x.example', 'c@x.example']);
    expect(splitItems('vip; acme, inc;  ; eu')).toEqual(['vip', 'acme, inc', 'eu']);
  });
});
