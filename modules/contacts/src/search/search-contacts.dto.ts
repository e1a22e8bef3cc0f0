import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export const DEFAULT_SEARCH_LIMIT = 20;

export class SearchContactsQueryDto extends createZodDto(
  z
    .object({
      q: z
        .string()
        .trim()
        .min(1)
        .max(200)
        .meta({ example: 'ada lovelace' })
        .describe('What the user typed: 1-200 characters, at most 10 words, every word must match (a prefix or a misspelling is fine).'),
      limit: z.coerce.number().int().min(1).max(100).default(DEFAULT_SEARCH_LIMIT),
      cursor: z.string().min(1).max(1000).optional().describe('nextCursor of the previous page of the same q.'),
    })
    .strict(),
) {}

export type SearchContactsQuery = z.output<(typeof SearchContactsQueryDto)['schema']>;
