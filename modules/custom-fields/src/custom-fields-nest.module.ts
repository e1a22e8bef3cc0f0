import { Module } from '@nestjs/common';
import { CUSTOM_FIELDS } from './contract/custom-fields.contract';
import { DefinitionReader } from './definitions/definition-reader.service';
import { FieldDefinitionsController } from './definitions/field-definitions.controller';
import { FieldDefinitionsService } from './definitions/field-definitions.service';
import { PatternSyntax } from './definitions/pattern-syntax.service';
import { TargetNamesInDocs } from './definitions/target-names-in-docs';
import { TargetsController } from './definitions/targets.controller';
import { StoredValues } from './type-change/stored-values.service';
import { CustomFieldsService } from './values/custom-fields.service';

/** Exports only the contract: dependents inject `CUSTOM_FIELDS`, nothing else of this module. */
@Module({
  controllers: [TargetsController, FieldDefinitionsController],
  providers: [
    CustomFieldsService,
    { provide: CUSTOM_FIELDS, useExisting: CustomFieldsService },
    FieldDefinitionsService,
    DefinitionReader,
    PatternSyntax,
    StoredValues,
    TargetNamesInDocs,
  ],
  exports: [CUSTOM_FIELDS],
})
export class CustomFieldsNestModule {}
