import { ValidationError, type CustomFieldTarget, type EntityManager } from '@tessera/module-sdk';
import type { ColumnOptions, CustomFieldSort, SqlFragment, TargetCustomFields, WriteOptions } from '../contract/custom-fields.contract';
import type { CustomFieldDefinition, CustomFieldValues } from '../contract/custom-field-types';
import type { CustomFieldSortSpec } from '../contract/filter-syntax';
import { compileFilter } from '../query/filter-compiler';
import { keysetSort } from '../query/keyset-sort';
import { columnRef } from '../query/sql';
import { handlerOf } from '../types/field-types';
import { canRead, type Caller } from './field-access';
import { validateCreate, validateUpdate, type WriteContext } from './value-writer';

const byKey = (fields: readonly CustomFieldDefinition[]) => new Map(fields.map((field) => [field.key, field]));

/** {@link TargetCustomFields} for one unit of work: definitions, caller and limits fixed at creation. */
export class TargetFieldSet implements TargetCustomFields {
  readonly fields: readonly CustomFieldDefinition[];
  /** Readable and not archived: what filters, sorts and projections see. */
  private readonly visible: ReadonlyMap<string, CustomFieldDefinition>;
  private readonly all: ReadonlyMap<string, CustomFieldDefinition>;
  private readonly claimed = new Map<string, string>();

  constructor(
    readonly target: CustomFieldTarget,
    definitions: readonly CustomFieldDefinition[],
    private readonly caller: Caller,
    private readonly em: EntityManager,
    private readonly maxValuesBytesPerRow: number,
  ) {
    this.all = byKey(definitions);
    this.fields = definitions.filter((field) => !field.archived && canRead(field, caller));
    this.visible = byKey(this.fields);
  }

  async validateCreate(input: unknown, options: WriteOptions = {}): Promise<CustomFieldValues> {
    return validateCreate(this.writeContext(), input, options.path ?? 'customFields');
  }

  async validateUpdate(rowId: string, stored: CustomFieldValues | null | undefined, patch: unknown, options: WriteOptions = {}): Promise<CustomFieldValues> {
    return validateUpdate(this.writeContext(), rowId, stored ?? {}, patch, options.path ?? 'customFields');
  }

  project(stored: CustomFieldValues | null | undefined): CustomFieldValues {
    const shown: Record<string, CustomFieldValues[string]> = {};
    for (const [key, value] of Object.entries(stored ?? {})) {
      if (this.visible.has(key)) shown[key] = value;
    }
    return shown;
  }

  where(filter: unknown, options: ColumnOptions & { readonly path?: string } = {}): SqlFragment | null {
    return compileFilter(filter, this.visible, columnRef(this.target.column, options.alias), options.path ?? 'customFields', this.target.name);
  }

  sort(spec: CustomFieldSortSpec, options: ColumnOptions & { readonly idColumn?: string } = {}): CustomFieldSort {
    const field = this.visible.get(spec.key);
    const kind = field ? handlerOf(field.type).sqlKind : null;
    if (!field || !kind) {
      throw new ValidationError([
        { field: 'sort', message: field ? `${field.type} fields cannot be sorted on.` : `"${spec.key}" is not a custom field of ${this.target.name} you can sort on.` },
      ]);
    }
    const idColumn = options.idColumn ?? columnRef('id', options.alias);
    return keysetSort(field, kind, spec, columnRef(this.target.column, options.alias), idColumn);
  }

  private writeContext(): WriteContext {
    return { em: this.em, target: this.target, fields: this.all, caller: this.caller, maxValuesBytesPerRow: this.maxValuesBytesPerRow, claimed: this.claimed };
  }
}
