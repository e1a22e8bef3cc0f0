import { accept, describe, refuse, type Checked } from './field-type';

// C0 controls (and DEL) other than tab; PostgreSQL refuses \u0000 in JSONB text outright.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_SINGLE_LINE = /[\u0000-\u0008\u000A-\u001F\u007F]/;
// eslint-disable-next-line no-control-regex -- as above, line breaks allowed
const CONTROL_MULTI_LINE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Length in Unicode code points (what a person counts), not UTF-16 units. */
export const codePoints = (value: string): number => {
  let count = 0;
  for (const _ of value) count++;
  return count;
};

/** A string of at most `max` code points, without control characters (line breaks allowed when `multiLine`). */
export function checkString(value: unknown, max: number, multiLine = false): Checked<string> {
  if (typeof value !== 'string') return refuse(`must be a string, not ${describe(value)}.`);
  if ((multiLine ? CONTROL_MULTI_LINE : CONTROL_SINGLE_LINE).test(value)) {
    return refuse(multiLine ? 'must not contain control characters.' : 'must be one line without control characters.');
  }
  const length = codePoints(value);
  if (length > max) return refuse(`must be at most ${max} characters (it has ${length}).`);
  return accept(value);
}
