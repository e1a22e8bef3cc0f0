import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/** `?limit=&cursor=`: at most 100 per page, in creation order (UUIDv7 ids), cursor = last id of the previous page. */
export class PageQueryDto extends createZodDto(
  z.object({
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.uuid().optional().describe('nextCursor of the previous page'),
  }),
) {}

export class IdParamDto extends createZodDto(z.object({ id: z.uuid().meta({ example: '01936f7e-8c1a-7b2e-9f3d-2a4b5c6d7e8f' }) })) {}
