import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

const queueName = z.string().regex(/^[a-z][a-z0-9.-]{0,100}$/, 'must be a queue name such as "contacts.import"');
const jobId = z.string().regex(/^[A-Za-z0-9_:-]{1,120}$/, 'must be a job id');
const limit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);

export class QueueParams extends createZodDto(z.object({ queue: queueName })) {}
export class QueueJobParams extends createZodDto(z.object({ queue: queueName, id: jobId })) {}

export class JobListQuery extends createZodDto(
  z.object({
    state: z.enum(['waiting', 'delayed', 'active', 'completed', 'failed']).default('waiting'),
    limit: limit(200, 50),
    cursor: z.string().max(100).optional().describe('nextCursor of the previous page'),
  }),
) {}

const deadLetterFilter = {
  name: z.string().max(120).optional().describe('Job type, e.g. contacts.import-csv'),
  tenantId: z.uuid().optional(),
  code: z.string().regex(/^[A-Z][A-Z0-9_]{0,80}$/).optional().describe('Error code of the last attempt, e.g. MODULE_DISABLED'),
};

export class DeadLetterListQuery extends createZodDto(
  z.object({ ...deadLetterFilter, limit: limit(200, 50), cursor: z.string().max(100).optional() }),
) {}

export class ReplayDeadLettersBody extends createZodDto(
  z.object({ ...deadLetterFilter, limit: limit(1_000, 100).describe('At most this many entries are replayed, oldest first') }).strict(),
) {}

export class TopTenantsQuery extends createZodDto(z.object({ limit: limit(100, 20) })) {}

export class TenantJobParams extends createZodDto(z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be a job id') })) {}
