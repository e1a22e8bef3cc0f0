import type { EntityManager } from '@tessera/module-sdk';
import { Contact } from './contact.entity';

/** One column of `contacts` as the ORM maps it: the property, the column, its type for `jsonb_to_recordset`. */
interface ContactColumn {
  readonly property: keyof Contact & string;
  readonly column: string;
  readonly type: string;
}

let cached: { readonly columns: readonly ContactColumn[]; readonly sql: string } | undefined;

/**
 * The multi-row INSERT of contacts, built from the ORM's metadata of `Contact` (so a property added to the entity
 * is written by the bulk path too, with no second column list to keep in step): every persisted scalar column,
 * read from one JSON array through `jsonb_to_recordset` — one statement and two parameters for any number of
 * rows (a VALUES list would bind one parameter per cell and hit PostgreSQL's 65,535 at a few thousand rows).
 */
function insertStatement(em: EntityManager): { readonly columns: readonly ContactColumn[]; readonly sql: string } {
  if (cached) return cached;
  const meta = em.getMetadata().get(Contact.name);
  const columns = meta.props
    .filter((prop) => prop.persist !== false && !prop.formula && prop.fieldNames?.length === 1 && prop.columnTypes?.length === 1)
    .map((prop) => ({ property: prop.name as keyof Contact & string, column: prop.fieldNames[0]!, type: prop.columnTypes[0]! }));
  const names = columns.map((c) => `"${c.column}"`).join(', ');
  const definitions = columns.map((c) => `"${c.column}" ${c.type}`).join(', ');
  cached = { columns, sql: `INSERT INTO contacts (${names}) SELECT ${names} FROM jsonb_to_recordset(?::jsonb) AS r(${definitions})` };
  return cached;
}

/** Inserts the rows of new contacts (nothing derived: the caller keeps identifiers and search in step). */
export async function insertContactRows(em: EntityManager, contacts: readonly Contact[]): Promise<void> {
  if (contacts.length === 0) return;
  const { columns, sql } = insertStatement(em);
  // Dates become ISO 8601 text (ms precision, like the ORM writes them); jsonb columns stay JSON values.
  const rows = contacts.map((contact) => Object.fromEntries(columns.map((c) => [c.column, contact[c.property] ?? null])));
  await em.execute(sql, [JSON.stringify(rows)]);
}
