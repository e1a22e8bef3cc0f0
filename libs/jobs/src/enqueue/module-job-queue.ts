import { randomUUID } from 'node:crypto';
import {
  RequestContext,
  TesseraError,
  ValidationError,
  type EnqueuedJob,
  type EnqueueOptions,
  type FieldProblem,
  type JobDeclaration,
  type JobQueue,
  type JobStatus,
} from '@tessera/module-sdk';
import type { z } from 'zod';
import type { CatalogJob, JobCatalog } from '../catalog/job-catalog';
import type { JobEnvelope } from '../envelope/job-envelope';
import { jobIdFor } from '../envelope/job-ids';
import type { JobStatusReader } from '../status/job-status-reader';
import type { JobOutbox } from '../outbox/job-outbox';
import type { JobToAdd } from './job-enqueuer';

const MAX_DELAY_MS = 365 * 86_400_000;

function zodProblems(error: z.ZodError, prefix: string): FieldProblem[] {
  return error.issues.map((issue) => ({ field: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(input)', message: issue.message }));
}

/**
 * The {@link JobQueue} one module receives. It enqueues the module's own jobs and those of the modules it
 * depends on, and writes each envelope from the request context: the tenant, the actor and the request
 * id never come from input.
 */
export class ModuleJobQueue implements JobQueue {
  constructor(
    private readonly module: string,
    private readonly visibleModules: ReadonlySet<string>,
    private readonly catalog: JobCatalog,
    private readonly outbox: JobOutbox,
    private readonly statusReader: JobStatusReader,
    private readonly maxInputBytes: number,
  ) {}

  async enqueue<TInput>(job: string | JobDeclaration<TInput, unknown>, input: TInput, options: EnqueueOptions = {}): Promise<EnqueuedJob> {
    const [result] = await this.enqueueMany(job, [{ input, idempotencyKey: options.idempotencyKey }], options.delayMs);
    return result!;
  }

  async enqueueMany<TInput>(
    job: string | JobDeclaration<TInput, unknown>,
    items: readonly { readonly input: TInput; readonly idempotencyKey?: string }[],
    delayMs?: number,
  ): Promise<EnqueuedJob[]> {
    const entry = this.resolve(typeof job === 'string' ? job : job.name);
    if (delayMs !== undefined && (!Number.isInteger(delayMs) || delayMs < 0 || delayMs > MAX_DELAY_MS)) {
      throw new ValidationError([{ field: 'delayMs', message: `must be an integer between 0 and ${MAX_DELAY_MS}` }]);
    }
    const context = this.envelopeContext(entry);
    const toAdd: JobToAdd[] = items.map((item, index) => {
      const prefix = items.length > 1 ? `items.${index}` : '';
      const key = item.idempotencyKey ?? null;
      if (key !== null && (key.length === 0 || key.length > 200 || !/^[\x21-\x7e]+$/.test(key))) {
        throw new ValidationError([{ field: [prefix, 'idempotencyKey'].filter(Boolean).join('.'), message: 'must be 1-200 printable ASCII characters without spaces' }]);
      }
      const envelope: JobEnvelope = {
        ...context,
        idempotencyKey: key,
        input: this.checkedInput(entry, item.input, prefix),
      };
      return { envelope, jobId: jobIdFor(context.tenantId, entry.name, key), delayMs };
    });
    return this.outbox.submit(entry, toAdd);
  }

  status(id: string): Promise<JobStatus> {
    return this.statusReader.forTenant(id, RequestContext.requireTenantId());
  }

  private resolve(name: string): CatalogJob {
    const entry = this.catalog.job(name);
    if (!entry) {
      throw new TesseraError('internal', 'JOB_UNKNOWN', `No loaded module declares the job "${name}". Declare it in the module's definition (jobs: [...]).`);
    }
    if (!this.visibleModules.has(entry.module)) {
      throw new TesseraError(
        'internal',
        'JOB_NOT_ACCESSIBLE',
        `Module "${this.module}" may not enqueue "${name}" of module "${entry.module}": a module enqueues its own jobs and those of the modules it depends on (dependsOn).`,
      );
    }
    return entry;
  }

  private envelopeContext(entry: CatalogJob): Omit<JobEnvelope, 'idempotencyKey' | 'input'> {
    const context = RequestContext.current();
    const tenantId = entry.scope === 'tenant' ? (context?.tenantId ?? null) : null;
    if (entry.scope === 'tenant' && tenantId === null) {
      throw new TesseraError(
        'internal',
        'TENANT_CONTEXT_MISSING',
        `The tenant job "${entry.name}" was enqueued outside a tenant context. Enqueue it while serving a tenant's request or job, or inside ctx.withTenant(tenantId, ...).`,
      );
    }
    const principal = context?.principal;
    return {
      format: 1,
      kind: 'job',
      module: entry.module,
      tenantId,
      actor: principal ? { kind: principal.kind, id: principal.id } : null,
      requestId: context?.requestId ?? `system-${randomUUID()}`,
      schemaVersion: entry.version,
      enqueuedAt: new Date().toISOString(),
    };
  }

  /** The input as it will be stored (JSON), validated against the job's schema, within the size limit. */
  private checkedInput(entry: CatalogJob, input: unknown, prefix: string): unknown {
    const field = [prefix, 'input'].filter(Boolean).join('.');
    const json = JSON.stringify(input ?? null);
    if (json === undefined) throw new ValidationError([{ field, message: 'must be JSON data' }]);
    if (Buffer.byteLength(json) > this.maxInputBytes) {
      throw new TesseraError(
        'payload-too-large',
        'JOB_INPUT_TOO_LARGE',
        `The input of "${entry.name}" is larger than ${this.maxInputBytes} bytes. Store large data in the module's tables and pass its id.`,
      );
    }
    const stored: unknown = JSON.parse(json);
    const schema = entry.declaration.input;
    if (schema) {
      const parsed = schema.safeParse(stored);
      if (!parsed.success) throw new ValidationError(zodProblems(parsed.error, field), `The input of the job "${entry.name}" is invalid.`);
    }
    return stored;
  }
}
