/** The tenant of the connection, as `pg_get_expr` prints it: the SQL function, or the setting it reads cast to uuid. */
const CURRENT_TENANT = String.raw`(?:tessera_current_tenant\(\)|\((?:NULLIF\()?current_setting\('app\.tenant_id'::text(?:, (?:true|false))?\)(?:, ''::text\))?\)::uuid)`;
// `=`, or the null-safe `IS NOT DISTINCT FROM` of tables that also hold platform rows (tenant_id NULL, seen only with no tenant set).
const TENANT_EQUALITY = new RegExp(
  `^(?:tenant_id = ${CURRENT_TENANT}|${CURRENT_TENANT} = tenant_id|NOT \\(tenant_id IS DISTINCT FROM ${CURRENT_TENANT}\\)|NOT \\(${CURRENT_TENANT} IS DISTINCT FROM tenant_id\\))$`,
);

/** Drops parentheses that wrap the whole expression: `((a) AND (b))` → `(a) AND (b)`. */
function unwrap(expression: string): string {
  let text = expression.trim();
  while (text.startsWith('(') && closingOf(text, 0) === text.length - 1) text = text.slice(1, -1).trim();
  return text;
}

/** Index of the quote closing the string literal opened at `quote` (an escaped `''` reads as two literals). */
function literalEnd(text: string, quote: number): number {
  const end = text.indexOf("'", quote + 1);
  return end === -1 ? text.length : end;
}

/** Index of the parenthesis closing the one at `open`, skipping string literals. */
function closingOf(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const char = text[i];
    if (char === "'") i = literalEnd(text, i);
    else if (char === '(') depth++;
    else if (char === ')' && --depth === 0) return i;
  }
  return -1;
}

/** The operands of a top-level AND (outside parentheses and string literals). */
function conjuncts(expression: string): string[] {
  const text = unwrap(expression);
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "'") i = literalEnd(text, i);
    else if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (depth === 0 && text.startsWith(' AND ', i)) {
      parts.push(text.slice(start, i));
      start = i + ' AND '.length;
    }
  }
  parts.push(text.slice(start));
  return parts.map(unwrap);
}

/**
 * True when a policy expression (as `pg_get_expr` prints it) can only be true for rows of the connection's
 * tenant: `tenant_id = tessera_current_tenant()` (or the `current_setting('app.tenant_id')` it wraps, or the
 * null-safe `tenant_id IS NOT DISTINCT FROM ...`) is the expression or one operand of its top-level AND. `... OR ...`, `true`, or a comparison with anything
 * else is not: it would let a permissive policy widen what the tenant policy allows.
 */
export function isTenantPredicate(expression: string | null | undefined): boolean {
  if (!expression) return false;
  return conjuncts(expression).some((part) => TENANT_EQUALITY.test(part));
}
