import type { CustomFieldTarget, CustomFieldTargetCatalog } from '@tessera/module-sdk';
import type { LoadedModule } from './loaded-module';

/** The custom-field targets declared by the loaded modules. */
export class StaticCustomFieldTargetCatalog implements CustomFieldTargetCatalog {
  private readonly targets: ReadonlyMap<string, CustomFieldTarget>;

  constructor(order: readonly LoadedModule[]) {
    this.targets = new Map(
      order.flatMap(({ definition }) => (definition.customFieldTargets ?? []).map((target) => [target.name, { ...target, module: definition.name }] as const)),
    );
  }

  all(): readonly CustomFieldTarget[] {
    return [...this.targets.values()];
  }

  get(name: string): CustomFieldTarget | undefined {
    return this.targets.get(name);
  }
}
