import { emailTerms, keywordTerms, phoneTerms, textTerms } from './field-terms';
import { maxEdits, typoKeys } from './typo-keys';

describe('field terms', () => {
  it('splits text into folded words and their joined form', () => {
    expect(textTerms("Zoë O'Brien-Łukasz")).toEqual(['zoe', 'o', 'brien', 'lukasz', 'obrienlukasz']);
    expect(textTerms('   ')).toEqual([]);
  });

  it('keeps the whole address, the local part and the domain of an email', () => {
    expect(emailTerms(' Ada.Lovelace@Example.COM ')).toEqual(['ada.lovelace@example.com', 'ada.lovelace', 'example.com']);
    expect(emailTerms('not an address')).toEqual(['notanaddress']);
  });

  it('keeps phone digits without the international or trunk prefix', () => {
    expect(phoneTerms('+44 20 7183 8750')).toEqual(['442071838750']);
    expect(phoneTerms('020 7183 8750')).toEqual(['2071838750']);
    expect(phoneTerms('0044 (0)20 7183-8750')).toEqual(['442071838750']);
    expect(phoneTerms('n/a')).toEqual([]);
  });

  it('keeps keyword tokens whole', () => {
    expect(keywordTerms('VIP  Gold-Member')).toEqual(['vip', 'gold-member']);
  });
});

describe('typo keys', () => {
  it('allows edits as Elasticsearch fuzziness AUTO does', () => {
    expect(['ab', 'abc', 'abcde', 'abcdef', 'a'.repeat(16), 'a'.repeat(17)].map(maxEdits)).toEqual([0, 1, 1, 2, 2, 0]);
  });

  it('makes words one edit apart share a key (substitution, insertion, swap) and unrelated words not', () => {
    const shares = (a: string, b: string) => typoKeys(a, 1).some((key) => typoKeys(b, 1).includes(key));
    expect([shares('jonh', 'john'), shares('smiht', 'smith'), shares('jon', 'john'), shares('mary', 'mory')]).toEqual([true, true, true, true]);
    expect([shares('smart', 'smith'), shares('zebra', 'smith')]).toEqual([false, false]);
  });

  it('makes words two substitutions apart share a key at depth two', () => {
    expect(typoKeys('analitycal', 2).some((key) => typoKeys('analytical', 2).includes(key))).toBe(true);
    expect(typoKeys('analitycal', 1).some((key) => typoKeys('analytical', 1).includes(key))).toBe(false);
  });
});
