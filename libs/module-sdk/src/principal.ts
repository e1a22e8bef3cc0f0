/**
 * Who is acting. Built by the platform from a verified credential (a user's access token, an API
 * key, or the platform itself for system work); a module never constructs one from request input.
 *
 * @example
 * ```ts
 * const actor = RequestContext.current()?.principal;
 * if (actor?.kind === 'api-key') logger.info({ keyId: actor.id }, 'called by an integration');
 * ```
 */
export interface Principal {
  /** What kind of credential authenticated this call. */
  readonly kind: 'user' | 'api-key' | 'system';
  /** Stable id of the user, the API key or the system actor. */
  readonly id: string;
  /** The tenant this principal acts in; `null` for platform-level principals (platform admins, system). */
  readonly tenantId: string | null;
  /** Every permission key granted, tenant permissions and `platform.*` permissions alike. */
  readonly permissions: ReadonlySet<string>;
  /**
   * The tenant roles the principal acts with (built-in or tenant-defined role keys), for the rare rule that
   * is about roles rather than permissions (e.g. which roles may see a custom field). Empty for API keys,
   * platform principals and the system.
   */
  readonly roles?: ReadonlySet<string>;
  /** Id of the login session or token family, when there is one (used for logout and audit). */
  readonly sessionId?: string;
}

/**
 * True when the principal holds every one of `required`.
 *
 * @example
 * ```ts
 * if (!hasPermissions(principal, ['contacts.write'])) throw new ForbiddenError('CONTACTS_READ_ONLY', '...');
 * ```
 */
export function hasPermissions(principal: Principal, required: readonly string[]): boolean {
  return required.every((permission) => principal.permissions.has(permission));
}
