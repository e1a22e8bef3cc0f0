import type { SqlFragment } from '../contract/custom-fields.contract';

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/i;

/** A double-quoted identifier; only plain identifiers are accepted (they come from code, never from input). */
export function quoteIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`custom-fields: "${name}" is not a plain SQL identifier.`);
  return `"${name}"`;
}

/** `"alias"."column"` or `"column"`. */
export const columnRef = (column: string, alias?: string): string => (alias ? `${quoteIdentifier(alias)}.${quoteIdentifier(column)}` : quoteIdentifier(column));

export const fragment = (sql: string, params: readonly unknown[] = []): SqlFragment => ({ sql, params });

/** Joins fragments with `separator`, concatenating their parameters in order. */
export function join(parts: readonly SqlFragment[], separator: string): SqlFragment {
  return { sql: parts.map((p) => p.sql).join(separator), params: parts.flatMap((p) => p.params) };
}

/** A template over fragments: `sql\`${a} > ${b}\`` keeps each fragment's parameters in place. */
export function compose(strings: TemplateStringsArray, ...parts: SqlFragment[]): SqlFragment {
  let sql = strings[0]!;
  const params: unknown[] = [];
  parts.forEach((part, i) => {
    sql += part.sql + strings[i + 1]!;
    params.push(...part.params);
  });
  return { sql, params };
}

/** A bound parameter, optionally cast: `?::jsonb`. */
export const param = (value: unknown, cast?: string): SqlFragment => ({ sql: cast ? `?::${cast}` : '?', params: [value] });
