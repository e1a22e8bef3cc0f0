/**
 * What a commercial plan grants: flag values (`contacts.bulk-merge: true`) and limits, which are
 * `number` flags (`contacts.max-records: 50000`). Keys are declared flag keys. A grant applies after
 * per-user and per-tenant overrides and before percentage rollouts (see the flags README).
 *
 * @example
 * ```ts
 * const pro: PlanEntitlements = { flags: { 'contacts.bulk-merge': true }, limits: { 'contacts.max-records': 50_000 } };
 * ```
 */
export interface PlanEntitlements {
  readonly flags?: Readonly<Record<string, boolean | string>>;
  readonly limits?: Readonly<Record<string, number>>;
}

/**
 * The port that says what a plan grants. By default the platform reads `PLAN_ENTITLEMENTS` from its
 * configuration; a billing module replaces it by naming a provider of its Nest module in the definition
 * field `planEntitlements` (at most one loaded module may). The platform asks when it loads a tenant's
 * state and caches the answer with it; call {@link FlagState.refresh} when grants change.
 *
 * @example
 * ```ts
 * @Injectable()
 * export class BillingEntitlements implements PlanEntitlementSource {
 *   constructor(private readonly plans: PlanCatalog) {}
 *   async entitlementsOf(plan: string): Promise<PlanEntitlements> {
 *     const found = await this.plans.find(plan);
 *     return { flags: found?.features ?? {}, limits: found?.limits ?? {} };
 *   }
 * }
 * // in the definition:
 * planEntitlements: BillingEntitlements,
 * ```
 */
export interface PlanEntitlementSource {
  entitlementsOf(plan: string, tenantId: string): Promise<PlanEntitlements>;
}
