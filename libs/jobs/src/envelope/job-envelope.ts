import { z } from 'zod';

/**
 * What every job carries besides its input, written by the platform when the job is enqueued (from the
 * request context, never from input) and checked before the handler runs. A job whose envelope does not
 * parse never reaches a handler: it is dead-lettered with `ENVELOPE_INVALID`.
 */
export const jobEnvelopeSchema = z.object({
  /** Version of this envelope format. */
  format: z.literal(1),
  /** `job` for work; `schedule-tick` for a cron tick the platform fans out to every tenant. */
  kind: z.enum(['job', 'schedule-tick']),
  module: z.string().min(1).max(50),
  tenantId: z.uuid().nullable(),
  actor: z.object({ kind: z.enum(['user', 'api-key', 'system']), id: z.string().min(1).max(200) }).nullable(),
  requestId: z.string().min(1).max(200),
  idempotencyKey: z.string().min(1).max(200).nullable(),
  /** Version of the input's shape when it was enqueued. */
  schemaVersion: z.number().int().min(1),
  /** ISO time; informational (not checked with a regex: this schema is parsed for every job). */
  enqueuedAt: z.string().min(1).max(40),
  input: z.unknown(),
  /** The dead-lettered job this one replays. */
  replayOf: z.string().max(200).optional(),
});

export type JobEnvelope = z.infer<typeof jobEnvelopeSchema>;
