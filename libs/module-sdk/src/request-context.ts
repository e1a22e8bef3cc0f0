import { AsyncLocalStorage } from 'node:async_hooks';
import type { Principal } from './principal';
import { TesseraError } from './errors';

/**
 * What the platform knows about the unit of work in progress: an HTTP request, a job or a CLI run.
 * It travels through `AsyncLocalStorage`, never through request-scoped providers, so it is the same
 * in a controller, a service, an ORM filter and a queue processor.
 *
 * @example
 * ```ts
 * const { requestId, principal }: RequestContextData = RequestContext.current()!;
 * ```
 */
export interface RequestContextData {
  /** Correlates logs, audit entries and jobs; echoed in the `x-request-id` response header. */
  readonly requestId: string;
  /** Where the work came from. */
  readonly source: 'http' | 'job' | 'cli' | 'system';
  /** The tenant every tenant-owned query is scoped to. Set only from a verified principal or a job envelope. */
  tenantId?: string;
  /** The authenticated actor, once authentication has run. */
  principal?: Principal;
  /** The module whose route or job is running, when known. */
  module?: string;
}

const storage = new AsyncLocalStorage<RequestContextData>();

/**
 * Access to the current {@link RequestContextData}.
 *
 * @example
 * ```ts
 * // In any service, controller or job handler:
 * const tenantId = RequestContext.requireTenantId();
 * const requestId = RequestContext.current()?.requestId;
 * ```
 */
export const RequestContext = {
  /** The context of the work in progress, or `undefined` outside any. */
  current(): RequestContextData | undefined {
    return storage.getStore();
  },

  /**
   * Runs `fn` inside `data`. The platform calls this for every request and job; module code needs it
   * only for work it starts itself outside both (for example a timer).
   *
   * @example
   * ```ts
   * await RequestContext.run({ requestId: randomUUID(), source: 'system' }, () => sweepExpired());
   * ```
   */
  run<T>(data: RequestContextData, fn: () => T): T {
    return storage.run(data, fn);
  },

  /**
   * The current tenant id; throws a 500-class error when there is none, because reaching tenant-owned
   * data without a tenant is a programming error, never something a caller can cause.
   *
   * @example
   * ```ts
   * const rows = await em.find(Contact, { ownerId }); // the ORM filter uses requireTenantId() itself
   * ```
   */
  requireTenantId(): string {
    const tenantId = storage.getStore()?.tenantId;
    if (!tenantId) {
      throw new TesseraError(
        'internal',
        'TENANT_CONTEXT_MISSING',
        'Tenant-scoped work ran without a tenant in context. Run it inside a tenant-scoped request or job.',
      );
    }
    return tenantId;
  },
};
