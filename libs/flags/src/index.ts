/**
 * @tessera/flags — per-tenant module enablement and feature flags. The kernel wires it (FLAGS_OPTIONS,
 * FLAGS_PROVIDERS, FLAGS_MIGRATIONS) and serves its admin API; modules use the SDK's FEATURE_FLAGS,
 * MODULE_ENABLEMENT and FLAG_STATE, never this package.
 */
export { FLAGS_MIGRATIONS } from './flags.migrations';
export { FLAGS_OPTIONS } from './flags.options';
export type { FlagsOptions } from './flags.options';
export { FLAGS_PROVIDERS } from './flags.providers';
export { FlagsRuntime, assertFlagsConfiguration } from './flags-runtime.service';
export type { FlagsModuleCatalog } from './catalog/flags-module-catalog';
export { FlagCatalog } from './catalog/flag-catalog';
export type { DeclaredFlag, FlagValueType } from './catalog/flag-catalog';
export { TenantModuleGraph } from './enablement/tenant-module-graph';
export type { ChangePlan, ExplicitChoices, ModuleChange } from './enablement/tenant-module-graph';
export { evaluateFlag, explainFlag } from './evaluation/flag-evaluator';
export type { EvaluationReason, FlagEvaluation, FlagExplanation } from './evaluation/flag-evaluator';
export { rolloutBucket, inRollout, ROLLOUT_BUCKETS } from './evaluation/rollout-bucket';
export type { GlobalFlagSetting, GlobalFlagState, RolloutStickiness, TenantState } from './state/flag-states';
export { TenantModulesService } from './admin/tenant-modules.service';
export type { ModuleChangeResult, TenantModuleView } from './admin/tenant-modules.service';
export { TenantFlagsService, MAX_USER_OVERRIDES_PER_TENANT } from './admin/tenant-flags.service';
export type { OverrideChange, TenantFlagView } from './admin/tenant-flags.service';
export { PlatformFlagsService } from './admin/platform-flags.service';
export type { PlatformFlagPatch, PlatformFlagView } from './admin/platform-flags.service';
export { CapabilitiesService } from './admin/capabilities.service';
export type { Capabilities } from './admin/capabilities.service';
export type { Authority } from './admin/actor';
export type { Page } from './admin/page';
export type { StoredOverride } from './state/flag-state.store';
