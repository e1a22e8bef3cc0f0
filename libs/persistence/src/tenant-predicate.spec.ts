import { isTenantPredicate } from './tenant-predicate';

describe('isTenantPredicate (policy expressions as pg_get_expr prints them)', () => {
  it.each([
    '(tenant_id = tessera_current_tenant())',
    '(tessera_current_tenant() = tenant_id)',
    "(tenant_id = (NULLIF(current_setting('app.tenant_id'::text, true), ''::text))::uuid)",
    "(tenant_id = (current_setting('app.tenant_id'::text))::uuid)",
    "((tenant_id = (current_setting('app.tenant_id'::text, true))::uuid) AND (id IS NOT NULL))",
    "((status <> 'x AND y'::text) AND (tenant_id = tessera_current_tenant()))",
    '(NOT (tenant_id IS DISTINCT FROM tessera_current_tenant()))',
    "((status <> 'it''s (x) AND y'::text) AND (tenant_id = tessera_current_tenant()))",
  ])('accepts %s', (expression) => {
    expect(isTenantPredicate(expression)).toBe(true);
  });

  it.each([
    'true',
    '((tessera_current_tenant() = tenant_id) OR true)',
    '((tenant_id = tessera_current_tenant()) OR (tenant_id IS NULL))',
    '(owner_id = tessera_current_tenant())',
    "(tenant_id = (current_setting('app.other'::text))::uuid)",
    '(tenant_id IS NOT NULL)',
    '(NOT (tenant_id IS DISTINCT FROM tessera_current_tenant())) OR (tenant_id IS NULL)',
    "((note = ' AND (tenant_id = tessera_current_tenant()) AND '::text) OR true)",
    null,
    '',
  ])('refuses %s', (expression) => {
    expect(isTenantPredicate(expression)).toBe(false);
  });
});
