/**
 * A cell a spreadsheet will not run as a formula (OWASP "CSV injection"): text starting with `=`, `+`, `-`,
 * `@`, a tab or a carriage return gets a leading apostrophe. The import strips that apostrophe again, so a
 * corrected report can be imported as it is.
 */
export const formulaSafe = (cell: string): string => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);
