import type { FlagValue } from '@tessera/module-sdk';
import type { DeclaredFlag } from '../catalog/flag-catalog';
import type { GlobalFlagSetting, RolloutStickiness, TenantState } from '../state/flag-states';
import { inRollout, rolloutBucket } from './rollout-bucket';

/** Why a flag has its value: the first rule of the evaluation order that applied. */
export type EvaluationReason =
  | 'killed'
  | 'module-disabled'
  | 'user-override'
  | 'tenant-override'
  | 'entitlement'
  | 'rollout'
  | 'platform-value'
  | 'default';

export interface FlagEvaluation {
  readonly value: FlagValue;
  readonly reason: EvaluationReason;
}

/** Every rule of the evaluation order for one flag and subject, with the one that decided. */
export interface FlagExplanation extends FlagEvaluation {
  readonly key: string;
  readonly module: string;
  readonly tenantId: string | null;
  readonly userId: string | null;
  readonly rules: {
    readonly killSwitch: { readonly killed: boolean; readonly reason: string | null };
    readonly module: { readonly name: string; readonly enabled: boolean | null };
    readonly userOverride: { readonly value: FlagValue | null };
    readonly tenantOverride: { readonly value: FlagValue | null };
    readonly entitlement: { readonly plan: string | null; readonly value: FlagValue | null };
    readonly rollout: {
      readonly percentage: number;
      readonly stickiness: RolloutStickiness;
      /** What the bucket was computed from; `tenant` when stickiness is `user` but there is no user. */
      readonly stickyOn: RolloutStickiness;
      /** 0-9999; on when below percentage × 100. */
      readonly bucket: number;
      readonly inRollout: boolean;
    } | null;
    readonly platformValue: { readonly value: FlagValue | null };
    readonly default: { readonly value: FlagValue };
  };
}

const decided = (value: FlagValue, reason: EvaluationReason): FlagEvaluation => ({ value, reason });

function stickyId(stickiness: RolloutStickiness, tenant: TenantState | undefined, userId: string | undefined): [RolloutStickiness, string] | undefined {
  if (stickiness === 'user' && userId !== undefined) return ['user', userId];
  return tenant ? ['tenant', tenant.tenantId] : undefined;
}

/**
 * Evaluates one flag in memory. The order (first rule that applies wins):
 * 1. the global kill switch → false (non-boolean flags: their declared default);
 * 2. the flag's module is off for the tenant → the same off value;
 * 3. a per-user override; 4. a per-tenant override;
 * 5. what the tenant's plan grants;
 * 6. the percentage rollout (boolean flags), sticky on the tenant or the user;
 * 7. the platform-wide value; 8. the declared default.
 * Without a tenant (platform-level work) only 1, 7 and 8 apply.
 */
export function evaluateFlag(flag: DeclaredFlag, global: GlobalFlagSetting | undefined, tenant: TenantState | undefined, userId: string | undefined): FlagEvaluation {
  if (global?.killed) return decided(flag.offValue, 'killed');
  if (tenant) {
    if (!tenant.enabled.has(flag.module)) return decided(flag.offValue, 'module-disabled');
    if (userId !== undefined) {
      const byUser = tenant.userOverrides.get(flag.key)?.get(userId);
      if (byUser !== undefined) return decided(byUser, 'user-override');
    }
    const byTenant = tenant.tenantOverrides.get(flag.key);
    if (byTenant !== undefined) return decided(byTenant, 'tenant-override');
    const granted = tenant.grants.get(flag.key);
    if (granted !== undefined) return decided(granted, 'entitlement');
    if (global?.rollout) {
      const sticky = stickyId(global.rollout.stickiness, tenant, userId);
      if (sticky) return decided(inRollout(rolloutBucket(flag.key, sticky[1]), global.rollout.percentage), 'rollout');
    }
  }
  if (global?.value !== undefined) return decided(global.value, 'platform-value');
  return decided(flag.default, 'default');
}

/** The explain view: {@link evaluateFlag}'s answer plus what every rule would have said. */
export function explainFlag(flag: DeclaredFlag, global: GlobalFlagSetting | undefined, tenant: TenantState | undefined, userId: string | undefined): FlagExplanation {
  const evaluation = evaluateFlag(flag, global, tenant, userId);
  const sticky = global?.rollout ? stickyId(global.rollout.stickiness, tenant, userId) : undefined;
  const bucket = sticky ? rolloutBucket(flag.key, sticky[1]) : undefined;
  return {
    key: flag.key,
    module: flag.module,
    tenantId: tenant?.tenantId ?? null,
    userId: userId ?? null,
    ...evaluation,
    rules: {
      killSwitch: { killed: global?.killed ?? false, reason: global?.killReason ?? null },
      module: { name: flag.module, enabled: tenant ? tenant.enabled.has(flag.module) : null },
      userOverride: { value: userId === undefined ? null : (tenant?.userOverrides.get(flag.key)?.get(userId) ?? null) },
      tenantOverride: { value: tenant?.tenantOverrides.get(flag.key) ?? null },
      entitlement: { plan: tenant?.plan ?? null, value: tenant?.grants.get(flag.key) ?? null },
      rollout:
        global?.rollout && sticky && bucket !== undefined
          ? {
              percentage: global.rollout.percentage,
              stickiness: global.rollout.stickiness,
              stickyOn: sticky[0],
              bucket,
              inRollout: inRollout(bucket, global.rollout.percentage),
            }
          : null,
      platformValue: { value: global?.value ?? null },
      default: { value: flag.default },
    },
  };
}
