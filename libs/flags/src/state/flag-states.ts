import type { FlagValue } from '@tessera/module-sdk';

/** What the percentage rollout of a boolean flag is sticky on. Without a user, `user` falls back to the tenant. */
export type RolloutStickiness = 'tenant' | 'user';

/** The platform-wide settings of one flag (platform admins only). */
export interface GlobalFlagSetting {
  readonly killed: boolean;
  readonly killReason: string | null;
  /** Replaces the declared default for every tenant; `undefined`: the declared default. */
  readonly value: FlagValue | undefined;
  readonly rollout: { readonly percentage: number; readonly stickiness: RolloutStickiness } | undefined;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** Platform-wide settings by flag key (flags without a row have none). */
export type GlobalFlagState = ReadonlyMap<string, GlobalFlagSetting>;

/** Everything evaluation needs about one tenant, held in memory. */
export interface TenantState {
  readonly tenantId: string;
  /** False when no tenant has this id: it gets the defaults and no plan. */
  readonly exists: boolean;
  readonly plan: string | null;
  readonly moduleChoices: ReadonlyMap<string, boolean>;
  /** The modules on for the tenant (see TenantModuleGraph.effective). */
  readonly enabled: ReadonlySet<string>;
  readonly tenantOverrides: ReadonlyMap<string, FlagValue>;
  /** flag key → user id → value. */
  readonly userOverrides: ReadonlyMap<string, ReadonlyMap<string, FlagValue>>;
  /** What the tenant's plan grants, flags and limits merged, by flag key. */
  readonly grants: ReadonlyMap<string, FlagValue>;
}
