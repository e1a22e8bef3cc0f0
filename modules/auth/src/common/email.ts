import { z } from 'zod';

/** Emails are compared and stored lower-cased and trimmed. */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'must be an email address' }).max(254))
  .meta({ example: 'ada@example.com' });

/** OWASP ASVS: at least 12 characters, no composition rules, a bound that keeps hashing cheap to refuse. */
export const newPasswordSchema = z
  .string()
  .min(12, 'must be at least 12 characters')
  .max(256, 'must be at most 256 characters')
  .meta({ example: 'correct horse battery staple' });
