import { normalizePhone } from './phone-numbers';

describe('normalizePhone', () => {
  it.each([
    ['+44 20 7183 8750', undefined, '+442071838750'],
    ['+44 (0)20 7183-8750', undefined, '+442071838750'],
    ['020 7183 8750', 'GB', '+442071838750'],
    ['0044 20 7183 8750', 'GB', '+442071838750'],
    ['01 42 68 53 00', 'FR', '+33142685300'],
    ['(415) 555-2671', 'US', '+14155552671'],
    ['+1 415 555 2671', 'FR', '+14155552671'],
  ])('reads %s (default country %s) as %s', (input, country, expected) => {
    expect(normalizePhone(input, country)).toEqual({ ok: true, number: expected });
  });

  it.each([
    ['020 7183 8750', undefined, /national number.*defaultCountry/],
    ['123', 'GB', /too short for numbers of GB/],
    ['12345678901234567890', 'GB', /too long for numbers of GB/],
    ['+44 1234', undefined, /too short for numbers of its country code/],
    ['+999 1234 5678', undefined, /country calling code/],
    ['+1 200 555 0100', undefined, /not a valid phone number/],
    ['call me', 'GB', /not a phone number/],
    ['+44 20 7183 8750 ext. 12', undefined, /extension/],
    ['  ', 'GB', /empty/],
  ])('refuses %s (default country %s) and says why', (input, country, reason) => {
    const result = normalizePhone(input, country);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });
});
