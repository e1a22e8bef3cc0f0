/**
 * A tenant as modules see it.
 *
 * @example
 * ```ts
 * const tenant: TenantRecord = await tenants.get(tenantId);
 * if (tenant.status === 'suspended') throw new ForbiddenError('TENANT_SUSPENDED', 'This tenant is suspended.');
 * ```
 */
export interface TenantRecord {
  readonly id: string;
  /** URL-safe handle, unique across the platform (used at login). */
  readonly slug: string;
  readonly name: string;
  readonly status: 'active' | 'suspended';
  readonly plan: string;
}

/**
 * The platform's tenants, for modules that create or look up tenants (the auth module's bootstrap and
 * platform-admin API). Platform-level: it reads and writes the `tenants` table, never tenant data.
 *
 * @example
 * ```ts
 * constructor(@Inject(TENANT_DIRECTORY) private readonly tenants: TenantDirectory) {}
 *
 * const tenant = await this.tenants.findBySlug(body.tenant);
 * if (!tenant || tenant.status !== 'active') throw invalidCredentials();
 * ```
 */
export interface TenantDirectory {
  /** Creates a tenant; 409 `TENANT_SLUG_TAKEN` when the slug is in use. */
  create(input: { readonly slug: string; readonly name: string; readonly plan?: string }): Promise<TenantRecord>;
  /** The tenant with this id; 404 `TENANT_NOT_FOUND` otherwise. */
  get(id: string): Promise<TenantRecord>;
  findBySlug(slug: string): Promise<TenantRecord | null>;
}

/**
 * Injection token of the {@link TenantDirectory}.
 *
 * @example
 * ```ts
 * constructor(@Inject(TENANT_DIRECTORY) private readonly tenants: TenantDirectory) {}
 * ```
 */
export const TENANT_DIRECTORY = Symbol.for('tessera.tenant-directory');
