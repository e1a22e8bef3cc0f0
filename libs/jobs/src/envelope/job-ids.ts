import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

/** Shape of every job id the platform hands out (BullMQ refuses integers and ":" in custom ids). */
export const JOB_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * The id of a job. With an idempotency key it is derived from the tenant, the job type and the key, so
 * the same request made twice maps to the same BullMQ job id (BullMQ adds a job id only once) and two
 * tenants using the same key never meet. Without one, a UUIDv7.
 */
export function jobIdFor(tenantId: string | null, jobName: string, idempotencyKey: string | null): string {
  if (idempotencyKey === null) return uuidv7();
  const digest = createHash('sha256').update(`${tenantId ?? '-'}\n${jobName}\n${idempotencyKey}`).digest('base64url');
  return `k${digest.slice(0, 40)}`;
}
