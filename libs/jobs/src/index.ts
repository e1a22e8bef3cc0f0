/**
 * @tessera/jobs — the job layer on BullMQ: envelopes with tenant context, fair queues, retries and dead
 * letters, schedules, operations and the queue dashboard. The kernel composes it; module authors use the
 * contract in @tessera/module-sdk (`jobs` in the definition, `JOB_QUEUE`, `JobHandler`).
 */
export { JobsRuntime, JOBS_CONTROLLERS } from './jobs-runtime';
export type { JobsRuntimeOptions, MountableApp, PlatformJobOwner } from './jobs-runtime';
export type { JobsPorts } from './jobs-ports';
export type { JobsSettings } from './jobs-settings';
export { parseConcurrency } from './jobs-settings';
export { JobCatalog } from './catalog/job-catalog';
export type { CatalogProblem } from './catalog/job-catalog';
export { JOBS_MIGRATIONS } from './jobs.migrations';
export { DASHBOARD_PATH, DASHBOARD_COOKIE } from './dashboard/dashboard-router';
export { bullPrefix, deadLetterQueueName } from './queues/queue-keys';
export { jobEnvelopeSchema } from './envelope/job-envelope';
export type { JobEnvelope } from './envelope/job-envelope';
