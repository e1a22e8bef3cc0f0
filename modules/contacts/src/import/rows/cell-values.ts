import type { CustomFieldDefinition } from '@tessera/custom-fields';

/** Items of a list cell: `a@x.test; b@y.test`, `vip, eu`. */
export const splitList = (cell: string): string[] =>
  cell
    .split(/[;,]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;
const TRUE = ['true', 'yes', 'y', '1', 'x'];
const FALSE = ['false', 'no', 'n', '0'];
const MONEY = /^(?:([A-Za-z]{3})\s*([+-]?[\d.]+)|([+-]?[\d.]+)\s*([A-Za-z]{3}))$/;

/** An option key from a cell holding its key or its label (case-insensitive); the cell itself otherwise. */
function optionKey(field: CustomFieldDefinition, cell: string): string {
  const lower = cell.toLowerCase();
  return field.options.find((option) => option.key === cell)?.key ?? field.options.find((option) => option.label.toLowerCase() === lower || option.key === lower)?.key ?? cell;
}

/**
 * The JSON value a CSV cell stands for, by the custom field's type: a CSV holds only text, the contract takes
 * typed values. This only changes representation ("42" → 42, "yes" → true, "Gold" → the option key "gold",
 * "EUR 99.90" → { amount, currency }); anything it cannot read is passed on as the text it is, and the
 * custom-fields contract refuses it with its own reason. Validation stays the contract's.
 */
export function cellValue(field: CustomFieldDefinition | undefined, cell: string): unknown {
  if (!field) return cell;
  switch (field.type) {
    case 'number':
      return NUMBER.test(cell) ? Number(cell) : cell;
    case 'boolean': {
      const lower = cell.toLowerCase();
      return TRUE.includes(lower) ? true : FALSE.includes(lower) ? false : cell;
    }
    case 'currency': {
      const match = MONEY.exec(cell);
      return match ? { amount: match[2] ?? match[3], currency: (match[1] ?? match[4])!.toUpperCase() } : cell;
    }
    case 'single_select':
      return optionKey(field, cell);
    case 'multi_select':
      return splitList(cell).map((item) => optionKey(field, item));
    default:
      return cell;
  }
}
