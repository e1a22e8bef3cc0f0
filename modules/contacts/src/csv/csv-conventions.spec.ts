import { stringify } from 'csv-stringify/sync';
import { CSV_OPTIONS } from '../export/csv-chunks';
import { formulaSafe, unescapeFormula } from './csv-conventions';

describe('CSV conventions', () => {
  const formulas = ['=SUM(A1)', '+442071838750', '-5', '@cmd', '\tx', '\rx', '\uFF1D1', '\uFF0B1', '\uFF0D1', '\uFF20x'];

  it('escapes exactly what csv-stringify escape_formulas escapes, and reads it back', () => {
    for (const cell of [...formulas, 'plain', "'quoted", '', '5-']) {
      const exported = stringify([[cell]], { ...CSV_OPTIONS, bom: false, quote_record_delimiter: false, record_delimiter: 'unix', quoted: false, quote: false });
      expect(`${formulaSafe(cell)}\n`).toBe(exported);
      expect(unescapeFormula(formulaSafe(cell))).toBe(cell);
    }
  });

  it('strips one apostrophe, only before a formula character', () => {
    expect(unescapeFormula("'+442071838750")).toBe('+442071838750');
    expect(unescapeFormula("''=x")).toBe("''=x");
    expect(unescapeFormula("'-5")).toBe('-5');
    expect(unescapeFormula("'quoted")).toBe("'quoted");
    expect(unescapeFormula("'")).toBe("'");
    expect(unescapeFormula('=x')).toBe('=x');
  });
});
