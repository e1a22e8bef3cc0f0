import type { FlagDeclaration, FlagType, FlagValue, ModuleDefinition } from '@tessera/module-sdk';

export type FlagValueType = 'boolean' | 'string' | 'number';

/** A declared flag as evaluation sees it: the declaration, its module and what follows from it. */
export interface DeclaredFlag {
  readonly key: string;
  readonly module: string;
  readonly type: FlagType;
  readonly valueType: FlagValueType;
  readonly default: FlagValue;
  readonly description: string;
  readonly tenantAdjustable: boolean;
  /** What a kill switch or a disabled module turns the flag into: false, or the default of a non-boolean flag. */
  readonly offValue: FlagValue;
}

export function valueTypeOf(value: unknown): FlagValueType | undefined {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number' && Number.isFinite(value)) return 'number';
  return undefined;
}

function declared(module: string, flag: FlagDeclaration): DeclaredFlag {
  const valueType = valueTypeOf(flag.default)!;
  return {
    key: flag.key,
    module,
    type: flag.type,
    valueType,
    default: flag.default,
    description: flag.description,
    tenantAdjustable: flag.tenantAdjustable ?? flag.type === 'release',
    offValue: valueType === 'boolean' ? false : flag.default,
  };
}

/** Every flag the loaded modules declare, by key, in a stable (sorted) order. */
export class FlagCatalog {
  private readonly byKey: ReadonlyMap<string, DeclaredFlag>;
  readonly all: readonly DeclaredFlag[];

  constructor(modules: readonly ModuleDefinition[]) {
    const flags = modules.flatMap((definition) => (definition.flags ?? []).map((flag) => declared(definition.name, flag)));
    this.all = flags.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    this.byKey = new Map(this.all.map((flag) => [flag.key, flag]));
  }

  get(key: string): DeclaredFlag | undefined {
    return this.byKey.get(key);
  }

  /** True when `value` has the flag's value type. */
  accepts(flag: DeclaredFlag, value: unknown): value is FlagValue {
    return valueTypeOf(value) === flag.valueType;
  }
}
