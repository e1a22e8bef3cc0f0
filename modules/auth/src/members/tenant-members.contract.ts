/**
 * Who belongs to the current tenant: the auth module's contract for modules that store references to
 * users (a contact's owner, a call's assignee). Inject it with {@link TENANT_MEMBERS} from a module that
 * declares `dependsOn: { auth: '^1.0.0' }`. The tenant is always the one of the request or job in
 * progress (row-level security), never a parameter.
 *
 * @example
 * ```ts
 * constructor(@Inject(TENANT_MEMBERS) private readonly members: TenantMembers) {}
 *
 * if (body.ownerId && !(await this.members.isMember(body.ownerId))) {
 *   throw new ValidationError([{ field: 'ownerId', message: 'must be the id of a member of this tenant.' }]);
 * }
 * ```
 */
export interface TenantMembers {
  /**
   * True when `userId` is an active member of the current tenant (any role). False for an unknown id,
   * a member of another tenant, and a suspended membership. One indexed query.
   */
  isMember(userId: string): Promise<boolean>;
}

/**
 * Injection token of {@link TenantMembers}.
 *
 * @example
 * ```ts
 * constructor(@Inject(TENANT_MEMBERS) private readonly members: TenantMembers) {}
 * ```
 */
export const TENANT_MEMBERS = Symbol.for('tessera.auth.tenant-members');
