import type { PlanEntitlements, PlanEntitlementSource } from '@tessera/module-sdk';
import type { FlagCatalog } from '../catalog/flag-catalog';

/**
 * The default source of plan entitlements: the `PLAN_ENTITLEMENTS` setting, a JSON object of plans,
 * e.g. `{"pro":{"flags":{"contacts.bulk-merge":true},"limits":{"contacts.max-records":50000}}}`.
 * A plan it does not name grants nothing. A billing module replaces it (definition field `planEntitlements`).
 */
export class ConfiguredEntitlements implements PlanEntitlementSource {
  constructor(private readonly plans: Readonly<Record<string, PlanEntitlements>>) {}

  async entitlementsOf(plan: string): Promise<PlanEntitlements> {
    return Object.hasOwn(this.plans, plan) ? this.plans[plan]! : {};
  }
}

/**
 * Problems of configured entitlements against the declared flags: a grant of a flag nobody declares
 * (a warning: the module may simply not be loaded here) and a grant of the wrong type (an error).
 */
export function checkEntitlements(plans: Readonly<Record<string, PlanEntitlements>>, catalog: FlagCatalog): { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const [plan, grants] of Object.entries(plans)) {
    for (const [section, entries] of [['flags', grants.flags ?? {}], ['limits', grants.limits ?? {}]] as const) {
      for (const [key, value] of Object.entries(entries)) {
        const flag = catalog.get(key);
        if (!flag) {
          warnings.push(`PLAN_ENTITLEMENTS: plan "${plan}" grants "${key}", which no loaded module declares; ignored.`);
        } else if (section === 'limits' ? flag.valueType !== 'number' : flag.valueType === 'number' || !catalog.accepts(flag, value)) {
          errors.push(
            `PLAN_ENTITLEMENTS: plan "${plan}" grants ${section}."${key}" = ${JSON.stringify(value)}, but "${key}" is a ${flag.valueType} flag` +
              ` (grant numbers under "limits", booleans and strings under "flags").`,
          );
        }
      }
    }
  }
  return { errors, warnings };
}

/** A plan's grants as one map of flag key → value, keeping only keys and types the catalog accepts. */
export function grantsOf(entitlements: PlanEntitlements, catalog: FlagCatalog): Map<string, boolean | string | number> {
  const grants = new Map<string, boolean | string | number>();
  for (const [key, value] of [...Object.entries(entitlements.flags ?? {}), ...Object.entries(entitlements.limits ?? {})]) {
    const flag = catalog.get(key);
    if (flag && catalog.accepts(flag, value)) grants.set(key, value);
  }
  return grants;
}
