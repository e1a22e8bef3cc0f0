import { ValidationError, type FileWrite } from '@tessera/module-sdk';
import { format, parse } from 'content-type';
import { z } from 'zod';
import { MAX_TTL_SECONDS, type FilesSettings } from '../files-settings';

// Control characters would break headers and logs; separators would make a download name a path.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_NAME = /[\u0000-\u001f\u007f/\\]/;

const writeSchema = z.object({
  name: z
    .string()
    .min(1)
    .max(255)
    .refine((name) => !UNSAFE_NAME.test(name), 'must not contain path separators (/ or \\) or control characters')
    .refine((name) => name.trim() === name && !/^\.+$/.test(name), 'must not start or end with whitespace, nor be "." or ".."'),
  contentType: z
    .string()
    .min(3)
    .max(255)
    .transform((value, ctx) => {
      let normalised: string;
      try {
        normalised = format(parse(value));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a MIME type such as "text/csv" or "text/csv; charset=utf-8"' });
        return z.NEVER;
      }
      if (normalised.length > 255) {
        ctx.addIssue({ code: 'custom', message: 'must be at most 255 characters once normalised' });
        return z.NEVER;
      }
      return normalised;
    }),
  content: z.custom<AsyncIterable<Uint8Array | string>>(
    (value) => typeof (value as { [Symbol.asyncIterator]?: unknown } | null)?.[Symbol.asyncIterator] === 'function',
    'must be an async iterable of strings or bytes (a Node stream, an async generator)',
  ),
  expiresInSeconds: z.number().int().min(1).max(MAX_TTL_SECONDS).nullable().optional(),
  maxBytes: z.number().int().min(0).optional(),
});

/** A write with its defaults applied. */
export interface CheckedWrite {
  readonly name: string;
  /** Normalised (`TEXT/CSV;Charset=UTF-8` → `text/csv; charset=UTF-8`). */
  readonly contentType: string;
  readonly content: AsyncIterable<Uint8Array | string>;
  /** `null`: kept until deleted. */
  readonly ttlSeconds: number | null;
  /** The write's own limit, never above the platform's. */
  readonly maxBytes: number;
}

/** Validates a write (400 `VALIDATION_FAILED` naming each field) and applies the platform's defaults. */
export function checkedWrite(input: FileWrite, settings: FilesSettings): CheckedWrite {
  const parsed = writeSchema.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError(
      parsed.error.issues.map((issue) => ({ field: issue.path.map(String).join('.') || '(file)', message: issue.message })),
      'The file to store has invalid fields.',
    );
  }
  const { name, contentType, content, expiresInSeconds, maxBytes } = parsed.data;
  return {
    name,
    contentType,
    content,
    ttlSeconds: expiresInSeconds === undefined ? settings.defaultTtlSeconds : expiresInSeconds,
    maxBytes: Math.min(maxBytes ?? settings.maxBytes, settings.maxBytes),
  };
}
