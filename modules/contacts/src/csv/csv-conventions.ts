/**
 * How the module's CSV files hold what a plain cell cannot: lists, and text a spreadsheet would run as a
 * formula. Exports and error reports write by these rules, the import reads by them, so an exported file (or a
 * corrected report) imports as it is.
 */

/** Between the items of a list cell the module writes: emails, phones, tags, multi-select values. */
export const MULTI_VALUE_SEPARATOR = '; ';

/**
 * A cell starting with one of these is a formula to a spreadsheet (OWASP "CSV injection"): `=`, `+`, `-`, `@`,
 * tab, carriage return, and the full-width `＝ ＋ － ＠` some spreadsheets fold into them. The set csv-stringify's
 * `escape_formulas` escapes.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** The cell with a leading apostrophe when it would be a formula, so a spreadsheet shows it as text. */
export const formulaSafe = (cell: string): string => (FORMULA_START.test(cell) ? `'${cell}` : cell);

/** The cell without the one apostrophe `formulaSafe` (or `escape_formulas`, or a spreadsheet) put before a formula character. */
export const unescapeFormula = (cell: string): string => (cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell);
