import { parsePhoneNumberFromString, validatePhoneNumberLength, type CountryCode } from 'libphonenumber-js/max';

/** The outcome of normalising one phone number. */
export type PhoneCheck = { readonly ok: true; readonly number: string } | { readonly ok: false; readonly reason: string };

/** Why libphonenumber's length check refused a number, for the region it was read in. */
function lengthReason(problem: string, region: string | undefined): string {
  const of = region ? `numbers of ${region}` : 'numbers of its country code';
  switch (problem) {
    case 'TOO_SHORT':
      return `is too short for ${of}.`;
    case 'TOO_LONG':
      return `is too long for ${of}.`;
    case 'INVALID_LENGTH':
      return `has a length that none of the ${of} have.`;
    case 'INVALID_COUNTRY':
      return 'has no known country calling code: start with + and the country code, such as +44.';
    default:
      return 'is not a phone number.';
  }
}

/**
 * To E.164 with libphonenumber's full metadata (`/max`: real validity per number range, not only length).
 * International input (`+` and the country code) is read as such; national input needs `country`.
 */
export function normalizePhone(input: string, country: string | undefined): PhoneCheck {
  const text = input.trim();
  if (text === '') return { ok: false, reason: 'must not be empty.' };
  const international = text.startsWith('+');
  if (!international && !country) {
    return {
      ok: false,
      reason: 'is a national number: give it in international format (+ and the country code, such as +442071838750), or set defaultCountry.',
    };
  }
  const region = international ? undefined : (country as CountryCode);
  const lengthProblem = validatePhoneNumberLength(text, region);
  if (lengthProblem) return { ok: false, reason: lengthReason(lengthProblem, region) };
  const parsed = parsePhoneNumberFromString(text, region);
  if (!parsed) return { ok: false, reason: 'is not a phone number.' };
  if (parsed.ext) return { ok: false, reason: 'has an extension: extensions are not supported, give the number without it.' };
  if (!parsed.isValid()) {
    const of = region ?? parsed.country;
    return { ok: false, reason: `is not a valid phone number${of ? ` of ${of}` : ''}: no number range of its country matches it.` };
  }
  return { ok: true, number: parsed.number };
}
