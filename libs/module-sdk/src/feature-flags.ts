import type { Client } from '@openfeature/server-sdk';

/**
 * What a flag is for. The type decides who may adjust it per tenant (tenant admins may override
 * `release` flags of their own tenant unless the declaration says otherwise; every other type is the
 * platform's) and how it is listed; evaluation follows one order for all types.
 *
 * - `release`: ship dark, then turn on (per tenant, per user, or by percentage).
 * - `operational`: a tuning knob (batch size, timeout) an operator changes without a deploy.
 * - `kill-switch`: a working feature an operator can switch off in an incident (declare it `default: true`).
 * - `permission`: a feature some tenants get, usually through their plan's entitlements.
 * - `experiment`: an A/B split by percentage rollout.
 *
 * @example
 * ```ts
 * flags: [{ key: 'contacts.bulk-merge', type: 'release' satisfies FlagType, default: false, description: 'Merge many duplicates at once' }]
 * ```
 */
export type FlagType = 'release' | 'operational' | 'kill-switch' | 'permission' | 'experiment';

/**
 * The value of a flag: its declared default fixes which of the three it is.
 *
 * @example
 * ```ts
 * const batchSize: FlagValue = await flags.getNumberValue('contacts.import-batch-size', 500);
 * ```
 */
export type FlagValue = boolean | string | number;

/**
 * A feature flag a module declares in its definition. Keys are namespaced by the module
 * (`<module>.<name>`); the registry refuses to boot on a key outside the namespace, a duplicate, or a
 * default that is not a boolean, a string or a finite number.
 *
 * @example
 * ```ts
 * flags: [
 *   { key: 'contacts.bulk-merge', type: 'release', default: false, description: 'Merge many contacts at once.' },
 *   { key: 'contacts.search', type: 'kill-switch', default: true, description: 'Full-text contact search.' },
 *   { key: 'contacts.import-batch-size', type: 'operational', default: 500, description: 'Rows per import batch.' },
 * ]
 * ```
 */
export interface FlagDeclaration {
  readonly key: string;
  readonly type: FlagType;
  /** The value when nothing else applies; also the value type (boolean, string or number). */
  readonly default: FlagValue;
  readonly description: string;
  /**
   * May a tenant admin set overrides of this flag for their own tenant and its users? Default: true
   * for `release` flags, false for every other type (those are the platform's to set).
   */
  readonly tenantAdjustable?: boolean;
}

/**
 * The OpenFeature client a module evaluates its flags with. The platform is the OpenFeature provider:
 * the tenant and the user of the evaluation are taken from the {@link RequestContext} of the request or
 * job in progress, so module code never passes them. Evaluation is in memory.
 *
 * @example
 * ```ts
 * constructor(@Inject(FEATURE_FLAGS) private readonly flags: FeatureFlagClient) {}
 *
 * async merge(ids: string[]) {
 *   if (!(await this.flags.getBooleanValue('contacts.bulk-merge', false))) {
 *     throw new ForbiddenError('BULK_MERGE_UNAVAILABLE', 'Bulk merge is not available for this tenant.');
 *   }
 *   const batch = await this.flags.getNumberValue('contacts.import-batch-size', 500);
 * }
 * ```
 */
export type FeatureFlagClient = Client;

/**
 * Injects the module's {@link FeatureFlagClient}: an OpenFeature client bound to this platform instance
 * (an OpenFeature domain of its own, so two platforms in one process never share flags).
 *
 * @example
 * ```ts
 * constructor(@Inject(FEATURE_FLAGS) private readonly flags: FeatureFlagClient) {}
 * if (await this.flags.getBooleanValue('contacts.bulk-merge', false)) { ... }
 * ```
 */
export const FEATURE_FLAGS = Symbol.for('tessera.feature-flags');

/**
 * Tells every platform instance to reload the module and flag state of one tenant (or of all tenants)
 * from the database: for code that changes what evaluation depends on outside the platform's own API,
 * such as a billing module that changes a tenant's plan. Call it after your transaction committed.
 *
 * @example
 * ```ts
 * constructor(@Inject(FLAG_STATE) private readonly flagState: FlagState) {}
 *
 * await ctx.withTenant(tenantId, () => this.plans.change(tenantId, 'pro'));
 * await this.flagState.refresh(tenantId);
 * ```
 */
export interface FlagState {
  /** Reload one tenant's state on every instance, or every tenant's when `tenantId` is omitted. */
  refresh(tenantId?: string): Promise<void>;
}

/**
 * Injection token of the {@link FlagState}.
 *
 * @example
 * ```ts
 * constructor(@Inject(FLAG_STATE) private readonly flagState: FlagState) {}
 * ```
 */
export const FLAG_STATE = Symbol.for('tessera.flag-state');
