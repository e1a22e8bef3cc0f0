import type { CustomFieldDefinition, CustomFieldOption } from '@tessera/custom-fields';

const itemsOf = (cell: string, separator: RegExp): string[] =>
  cell
    .split(separator)
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** Items of an emails or phones cell: `;` between them (what exports write) or `,` (neither can hold one). */
export const splitAddresses = (cell: string): string[] => itemsOf(cell, /[;,]/);

/** Items of a tags or multi-select cell: `;` between them, as exports write them (a comma may be part of a tag or a label). */
export const splitItems = (cell: string): string[] => itemsOf(cell, /;/);

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;
const TRUE = ['true', 'yes', 'y', '1', 'x'];
const FALSE = ['false', 'no', 'n', '0'];
const MONEY = /^(?:([A-Za-z]{3})\s*([+-]?[\d.]+)|([+-]?[\d.]+)\s*([A-Za-z]{3}))$/;

/** A custom value read from a cell, or why the cell cannot be read as one (the row fails with it). */
export type CellValue = { readonly value: unknown } | { readonly problem: string };

const named = (options: readonly CustomFieldOption[]) => options.map((option) => `${option.key} ("${option.label}")`).join(', ');

/**
 * The option a cell names by key or label: first the options whose key or label is exactly the cell, else
 * those matching case-insensitively. Several options at that step (two options labelled alike, or one's key
 * another's label) are ambiguous unless exactly one of them can still be chosen (not archived). A cell that
 * names no option is passed on as it is, and the contract refuses it with its own reason.
 */
function optionOf(field: CustomFieldDefinition, cell: string): { readonly key: string } | { readonly problem: string } {
  const lower = cell.toLowerCase();
  const steps = [
    (option: CustomFieldOption) => option.key === cell || option.label === cell,
    (option: CustomFieldOption) => option.key.toLowerCase() === lower || option.label.toLowerCase() === lower,
  ];
  for (const matches of steps) {
    const found = field.options.filter(matches);
    if (found.length === 0) continue;
    const live = found.filter((option) => !option.archived);
    const chosen = found.length === 1 ? found : live.length === 1 ? live : [];
    if (chosen.length === 1) return { key: chosen[0]!.key };
    return { problem: `"${cell}" matches several options of this field: ${named(found)}. Give the key of one of them (or make their labels distinct).` };
  }
  return { key: cell };
}

/**
 * The JSON value a CSV cell stands for, by the custom field's type: a CSV holds only text, the contract takes
 * typed values. This only changes representation ("42" → 42, "yes" → true, "Gold" → the option key "gold",
 * "EUR 99.90" → { amount, currency }, "Gold; Silver" → ["gold", "silver"]); anything it cannot read is passed
 * on as the text it is, and the custom-fields contract refuses it with its own reason. Validation stays the
 * contract's; only an option name that fits several options is refused here.
 */
export function cellValue(field: CustomFieldDefinition | undefined, cell: string): CellValue {
  if (!field) return { value: cell };
  switch (field.type) {
    case 'number':
      return { value: NUMBER.test(cell) ? Number(cell) : cell };
    case 'boolean': {
      const lower = cell.toLowerCase();
      return { value: TRUE.includes(lower) ? true : FALSE.includes(lower) ? false : cell };
    }
    case 'currency': {
      const match = MONEY.exec(cell);
      return { value: match ? { amount: match[2] ?? match[3], currency: (match[1] ?? match[4])!.toUpperCase() } : cell };
    }
    case 'single_select': {
      const option = optionOf(field, cell);
      return 'problem' in option ? option : { value: option.key };
    }
    case 'multi_select': {
      const keys: string[] = [];
      for (const item of splitItems(cell)) {
        const option = optionOf(field, item);
        if ('problem' in option) return option;
        keys.push(option.key);
      }
      return { value: keys };
    }
    default:
      return { value: cell };
  }
}
