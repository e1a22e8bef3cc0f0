import { Inject, Injectable } from '@nestjs/common';
import { CUSTOM_FIELD_TARGETS, EntityManager, MODULE_CONFIG, TesseraError, type CustomFieldTargetCatalog } from '@tessera/module-sdk';
import type { CustomFields, TargetCustomFields } from '../contract/custom-fields.contract';
import type { CustomFieldDefinition } from '../contract/custom-field-types';
import type { CustomFieldsConfig } from '../custom-fields.config';
import { currentCaller } from './field-access';
import { TargetFieldSet } from './target-field-set';
import { lockTargetShared } from './target-locks';

/** The contract target modules inject as `CUSTOM_FIELDS`. */
@Injectable()
export class CustomFieldsService implements CustomFields {
  constructor(
    private readonly em: EntityManager,
    @Inject(CUSTOM_FIELD_TARGETS) private readonly targets: CustomFieldTargetCatalog,
    @Inject(MODULE_CONFIG) private readonly config: CustomFieldsConfig,
  ) {}

  async forTarget(name: string): Promise<TargetCustomFields> {
    const target = this.targets.get(name);
    if (!target) {
      throw new TesseraError(
        'internal',
        'CUSTOM_FIELD_TARGET_UNKNOWN',
        `No loaded module declares the custom-field target "${name}". Declare it in the module's customFieldTargets.`,
      );
    }
    // Shared until the unit of work ends: a definition change (exclusive) waits for it, and it waits for one in
    // progress, so the definitions loaded here stay the ones in force for every write of this unit of work.
    await lockTargetShared(this.em, name);
    return new TargetFieldSet(target, await this.definitions(name), currentCaller(), this.em, this.config.maxValuesBytesPerRow);
  }

  /**
   * Fresh from the database every time (definitions change at runtime, on any replica), as one plain query:
   * this runs on every read and write of every target, where ORM hydration would cost more than the query.
   */
  private async definitions(target: string): Promise<CustomFieldDefinition[]> {
    const rows = await this.em.execute<DefinitionRow[]>(
      `SELECT id, target, key, label, help_text, type, required, "unique", default_value, constraints, options, read_roles, write_roles,
              archived_at, created_at, updated_at
         FROM custom_field_definitions WHERE target = ? ORDER BY id`,
      [target],
    );
    return rows.map(fromRow);
  }
}

interface DefinitionRow {
  id: string;
  target: string;
  key: string;
  label: string;
  help_text: string;
  type: CustomFieldDefinition['type'];
  required: boolean;
  unique: boolean;
  default_value: CustomFieldDefinition['default'];
  constraints: CustomFieldDefinition['constraints'];
  options: CustomFieldDefinition['options'];
  read_roles: string[] | null;
  write_roles: string[] | null;
  archived_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** The same view as `toView` of the entity. */
const fromRow = (row: DefinitionRow): CustomFieldDefinition => ({
  id: row.id,
  target: row.target,
  key: row.key,
  label: row.label,
  helpText: row.help_text,
  type: row.type,
  required: row.required,
  unique: row.unique,
  default: row.default_value ?? null,
  constraints: row.constraints,
  options: row.options,
  readRoles: row.read_roles,
  writeRoles: row.write_roles,
  archived: row.archived_at !== null,
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
});
