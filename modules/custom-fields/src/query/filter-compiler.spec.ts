import { ValidationError } from '@tessera/module-sdk';
import type { CustomFieldDefinition, CustomFieldType } from '../contract/custom-field-types';
import { compileFilter } from './filter-compiler';

const field = (key: string, type: CustomFieldType, extra: Partial<CustomFieldDefinition> = {}): CustomFieldDefinition => ({
  id: `id-${key}`,
  target: 'test-ticket',
  key,
  label: key,
  helpText: '',
  type,
  required: false,
  unique: false,
  default: null,
  constraints: {},
  options: [
    { key: 'gold', label: 'Gold', archived: false },
    { key: 'silver', label: 'Silver', archived: false },
  ],
  readRoles: null,
  writeRoles: null,
  archived: false,
  createdAt: '',
  updatedAt: '',
  ...extra,
});
const fields = new Map(
  [field('code', 'text'), field('score', 'number'), field('price', 'currency'), field('tier', 'single_select'), field('regions', 'multi_select'), field('due', 'date')].map((f) => [f.key, f]),
);
const compile = (filter: unknown) => compileFilter(filter, fields, '"t"."custom_fields"', 'customFields', 'test-ticket');
const problemsOf = (filter: unknown) => {
  try {
    compile(filter);
  } catch (error) {
    if (error instanceof ValidationError) return error.details;
    throw error;
  }
  throw new Error('expected a ValidationError');
};

describe('custom field filter compiler', () => {
  it('compiles equality to JSONB containment, with the value as a bound parameter', () => {
    expect(compile({ tier: { eq: 'gold' } })).toEqual({ sql: '("t"."custom_fields" @> ?::jsonb)', params: ['{"tier":"gold"}'] });
  });

  it('never puts an operand into the SQL text, whatever it contains', () => {
    const hostile = "x'); DROP TABLE test_tickets; --";
    const compiled = compile({ code: { eq: hostile, contains: hostile, ne: hostile } })!;
    expect(compiled.sql).not.toContain('DROP');
    expect(compiled.sql.split('?').length - 1).toBe(compiled.params.length);
    expect(compiled.params).toContain(JSON.stringify({ code: hostile }));
  });

  it('escapes LIKE wildcards in contains', () => {
    expect(compile({ code: { contains: '50%_off!' } })!.params).toEqual(['code', '%50!%!_off!!%']);
  });

  it('ANDs conditions and matches any value of an in list', () => {
    const compiled = compile({ tier: { in: ['gold', 'silver'] }, score: { gte: 10, lt: 20 } })!;
    expect(compiled.sql).toBe(
      '(("t"."custom_fields" @> ANY (ARRAY[?::jsonb, ?::jsonb])) AND ((("t"."custom_fields" ->> ?)::numeric) >= ?::numeric) AND ((("t"."custom_fields" ->> ?)::numeric) < ?::numeric))',
    );
    expect(compiled.params).toEqual(['{"tier":"gold"}', '{"tier":"silver"}', 'score', 10, 'score', 20]);
  });

  it('compares currency amounts only within the currency given', () => {
    const compiled = compile({ price: { gt: { amount: '100', currency: 'EUR' } } })!;
    expect(compiled.params).toEqual(['{"price":{"currency":"EUR"}}', 'price', '100']);
  });

  it('matches multi-select rows holding all keys (contains) or any key (in)', () => {
    expect(compile({ regions: { contains: ['silver', 'gold'] } })!.params).toEqual(['{"regions":["gold","silver"]}']);
    expect(compile({ regions: { in: ['gold', 'silver'] } })!.params).toEqual(['{"regions":["gold"]}', '{"regions":["silver"]}']);
  });

  it('refuses an unknown field, an operator the type lacks and a wrong operand, naming each', () => {
    expect(problemsOf({ nope: { eq: 1 }, tier: { gt: 'gold' }, score: { eq: 'ten', between: [1, 2] }, due: { exists: 'yes' } })).toEqual([
      { field: 'customFields.nope', message: 'is not a custom field of test-ticket you can filter on.' },
      { field: 'customFields.tier.gt', message: expect.stringMatching(/does not apply to single_select fields/) },
      { field: 'customFields.score.eq', message: 'must be a number, not a string.' },
      { field: 'customFields.score.between', message: expect.stringMatching(/is not a filter operator/) },
      { field: 'customFields.due.exists', message: 'must be true or false.' },
    ]);
  });

  it('refuses more conditions than the limit and in lists longer than 100', () => {
    const ops = { eq: 1, ne: 2, gt: 3, gte: 4, lt: 5, lte: 6, exists: true };
    const twentyOne = { score: ops, code: { eq: 'a', ne: 'b', contains: 'c', exists: true, in: ['x'] }, due: { eq: '2025-01-01', ne: '2025-01-02', gt: '2025-01-03', lt: '2025-01-04' }, tier: { eq: 'gold', ne: 'silver', in: ['gold'], exists: true }, regions: { contains: 'gold' } };
    expect(problemsOf(twentyOne)).toEqual([{ field: 'customFields', message: 'has 21 conditions; at most 20 are allowed.' }]);
    expect(problemsOf({ code: { in: Array.from({ length: 101 }, () => 'x') } })).toEqual([{ field: 'customFields.code.in', message: 'must be a list of 1 to 100 values.' }]);
  });

  it('compiles an empty filter to nothing', () => {
    expect(compile({})).toBeNull();
    expect(compile(undefined)).toBeNull();
  });
});
