import { Inject, Injectable } from '@nestjs/common';
import { CUSTOM_FIELD_TARGETS, EntityManager, MODULE_CONFIG, TesseraError, type CustomFieldTargetCatalog } from '@tessera/module-sdk';
import type { CustomFields, TargetCustomFields } from '../contract/custom-fields.contract';
import type { CustomFieldDefinition } from '../contract/custom-field-types';
import type { CustomFieldsConfig } from '../custom-fields.config';
import { FieldDefinition } from '../definitions/field-definition.entity';
import { toView } from '../definitions/field-view';
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
    const load = () => this.definitions(name);
    const locked = async () => {
      await lockTargetShared(this.em, name);
      return load();
    };
    return new TargetFieldSet(target, await load(), currentCaller(), this.em, this.config.maxValuesBytesPerRow, locked);
  }

  /** Fresh from the database every time: definitions change at runtime, on any replica. */
  private async definitions(target: string): Promise<CustomFieldDefinition[]> {
    const rows = await this.em.find(FieldDefinition, { target }, { orderBy: { id: 'asc' }, disableIdentityMap: true });
    return rows.map(toView);
  }
}
