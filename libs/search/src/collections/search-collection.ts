import type { SearchCollectionDeclaration, SearchFieldKind } from '@tessera/module-sdk';

export type SearchWeight = 'A' | 'B' | 'C' | 'D';

/** How much a match in a field of each weight counts (PostgreSQL's default ts_rank weights). */
export const WEIGHT_VALUES: Readonly<Record<SearchWeight, number>> = { A: 1, B: 0.4, C: 0.2, D: 0.1 };

export interface SearchFieldSpec {
  readonly name: string;
  readonly kind: SearchFieldKind;
  readonly weight: SearchWeight;
}

/** A declared collection, with the module that owns it and its fields resolved (default weight `C`). */
export interface SearchCollectionSpec {
  readonly name: string;
  readonly module: string;
  readonly description: string;
  readonly fields: ReadonlyMap<string, SearchFieldSpec>;
}

/** Every collection the loaded modules declare. The registry has already validated names and shapes. */
export class SearchCollectionCatalog {
  private readonly byName = new Map<string, SearchCollectionSpec>();

  constructor(modules: ReadonlyArray<{ readonly module: string; readonly collections: readonly SearchCollectionDeclaration[] }>) {
    for (const { module, collections } of modules) {
      for (const declaration of collections) {
        const fields = new Map<string, SearchFieldSpec>(
          Object.entries(declaration.fields).map(([name, field]) => [name, { name, kind: field.kind, weight: field.weight ?? 'C' }]),
        );
        this.byName.set(declaration.name, { name: declaration.name, module, description: declaration.description, fields });
      }
    }
  }

  get(name: string): SearchCollectionSpec | undefined {
    return this.byName.get(name);
  }

  all(): readonly SearchCollectionSpec[] {
    return [...this.byName.values()];
  }

  ofModule(module: string): readonly SearchCollectionSpec[] {
    return this.all().filter((collection) => collection.module === module);
  }
}
