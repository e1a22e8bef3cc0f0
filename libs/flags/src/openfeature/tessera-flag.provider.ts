import {
  FlagNotFoundError,
  StandardResolutionReasons,
  TypeMismatchError,
  type EvaluationContext,
  type JsonValue,
  type Provider,
  type ResolutionDetails,
} from '@openfeature/server-sdk';
import type { FlagCatalog, FlagValueType } from '../catalog/flag-catalog';
import type { EvaluationReason, FlagEvaluation } from '../evaluation/flag-evaluator';
import type { DeclaredFlag } from '../catalog/flag-catalog';

/** How the provider reaches the evaluator: the subject comes from the request context, not from the caller. */
export interface ContextualEvaluator {
  readonly catalog: FlagCatalog;
  /** Evaluates for the tenant and user of the request context; synchronous when the tenant is cached. */
  evaluateInContext(flag: DeclaredFlag): FlagEvaluation | Promise<FlagEvaluation>;
}

const OPEN_FEATURE_REASON: Readonly<Record<EvaluationReason, string>> = {
  killed: StandardResolutionReasons.DISABLED,
  'module-disabled': StandardResolutionReasons.DISABLED,
  'user-override': StandardResolutionReasons.TARGETING_MATCH,
  'tenant-override': StandardResolutionReasons.TARGETING_MATCH,
  entitlement: StandardResolutionReasons.TARGETING_MATCH,
  rollout: StandardResolutionReasons.SPLIT,
  'platform-value': StandardResolutionReasons.STATIC,
  default: StandardResolutionReasons.DEFAULT,
};

/**
 * The platform as an OpenFeature provider. It ignores the tenant and user an evaluation context may
 * carry: they come from the RequestContext of the request or job in progress, so module code can
 * neither forget them nor evaluate as another tenant. `flagMetadata.reason` has Tessera's own reason
 * (e.g. `tenant-override`), finer than OpenFeature's standard one.
 */
export class TesseraFlagProvider implements Provider {
  readonly metadata = { name: 'tessera' } as const;
  readonly runsOn = 'server' as const;
  // One provider per platform instance, bound to that instance's OpenFeature domain only.
  readonly domainScoped = true;

  constructor(private readonly evaluator: ContextualEvaluator) {}

  resolveBooleanEvaluation(flagKey: string, _default: boolean, _context: EvaluationContext): Promise<ResolutionDetails<boolean>> {
    return this.resolve(flagKey, 'boolean');
  }

  resolveStringEvaluation(flagKey: string, _default: string, _context: EvaluationContext): Promise<ResolutionDetails<string>> {
    return this.resolve(flagKey, 'string');
  }

  resolveNumberEvaluation(flagKey: string, _default: number, _context: EvaluationContext): Promise<ResolutionDetails<number>> {
    return this.resolve(flagKey, 'number');
  }

  async resolveObjectEvaluation<T extends JsonValue>(flagKey: string): Promise<ResolutionDetails<T>> {
    throw this.catalogHas(flagKey)
      ? new TypeMismatchError(`Flag "${flagKey}" is not an object flag; Tessera flags are booleans, strings or numbers.`)
      : new FlagNotFoundError(`No loaded module declares the flag "${flagKey}".`);
  }

  private catalogHas(flagKey: string): boolean {
    return this.evaluator.catalog.get(flagKey) !== undefined;
  }

  private async resolve<T extends boolean | string | number>(flagKey: string, type: FlagValueType): Promise<ResolutionDetails<T>> {
    const flag = this.evaluator.catalog.get(flagKey);
    if (!flag) throw new FlagNotFoundError(`No loaded module declares the flag "${flagKey}".`);
    if (flag.valueType !== type) throw new TypeMismatchError(`Flag "${flagKey}" is a ${flag.valueType} flag, read as a ${type}.`);
    const evaluation = await this.evaluator.evaluateInContext(flag);
    return { value: evaluation.value as T, reason: OPEN_FEATURE_REASON[evaluation.reason], flagMetadata: { reason: evaluation.reason, module: flag.module } };
  }
}
