/**
 * Opens database units of work from a module's own providers, exactly as the platform does for requests
 * and jobs (the same as `ModuleContext.withTenant` / `withoutTenant` in hooks and commands). Inside `fn`
 * the injected MikroORM `EntityManager` is the transaction's. Called inside another unit of work, it runs
 * in a savepoint and restores the outer tenant afterwards; switching from one tenant to another is refused.
 *
 * Needed where the platform has not opened one for you: an authenticator (it runs before the request's
 * transaction), or a public route that must act inside the tenant named by a verified credential.
 *
 * @example
 * ```ts
 * constructor(@Inject(UNIT_OF_WORK) private readonly work: UnitOfWork, private readonly em: EntityManager) {}
 *
 * const key = await this.work.withTenant(tenantId, () => this.em.findOne(ApiKey, { id: keyId }));
 * ```
 */
export interface UnitOfWork {
  /** Runs `fn` in a transaction scoped to `tenantId` (row-level security, ORM filter, request context). */
  withTenant<T>(tenantId: string, fn: () => Promise<T>): Promise<T>;
  /** Runs `fn` in a transaction with no tenant: platform tables only. */
  withoutTenant<T>(fn: () => Promise<T>): Promise<T>;
}

/**
 * Injection token of the {@link UnitOfWork}.
 *
 * @example
 * ```ts
 * constructor(@Inject(UNIT_OF_WORK) private readonly work: UnitOfWork) {}
 * ```
 */
export const UNIT_OF_WORK = Symbol.for('tessera.unit-of-work');
