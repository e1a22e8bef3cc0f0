import { DELIMITERS, type Delimiter } from '../mapping/import-targets';

/**
 * The delimiter of a CSV file, guessed from its first record: the candidate (`,` `;` tab `|`) that occurs most
 * often outside quotes, `,` when none does or on a tie with it. Spreadsheets in many locales save `;`-separated
 * "CSV"; the client can always name the delimiter instead.
 */
export function detectDelimiter(head: string): Delimiter {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (let i = 0; i < head.length; i++) {
    const char = head[i]!;
    if (char === '"') {
      if (quoted && head[i + 1] === '"') i++;
      else quoted = !quoted;
    } else if (!quoted && (char === '\n' || char === '\r')) {
      break;
    } else if (!quoted && counts.has(char)) {
      counts.set(char, counts.get(char)! + 1);
    }
  }
  let best: Delimiter = ',';
  for (const delimiter of DELIMITERS) if (counts.get(delimiter)! > counts.get(best)!) best = delimiter;
  return best;
}
