import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermissions } from '@tessera/module-sdk';
import { DefinitionReader } from './definition-reader.service';
import { CreateFieldDto, FieldIdParamDto, ListFieldsQueryDto, UpdateFieldDto } from './field-definition.dto';
import { FieldDefinitionsService } from './field-definitions.service';

@ApiTags('custom-fields')
@ApiBearerAuth()
@Controller('custom-fields/fields')
export class FieldDefinitionsController {
  constructor(
    private readonly definitions: FieldDefinitionsService,
    private readonly reader: DefinitionReader,
  ) {}

  @Get()
  @RequirePermissions('custom-fields.read')
  @ApiOperation({ summary: 'The custom fields of the tenant (those your roles may read), in creation order.' })
  list(@Query() query: ListFieldsQueryDto) {
    return this.reader.list(query);
  }

  @Post()
  @RequirePermissions('custom-fields.manage')
  @ApiOperation({ summary: 'Define a custom field on a target.' })
  create(@Body() body: CreateFieldDto) {
    return this.definitions.create(body);
  }

  @Get(':id')
  @RequirePermissions('custom-fields.read')
  @ApiOperation({ summary: 'One custom field.' })
  get(@Param() params: FieldIdParamDto) {
    return this.reader.get(params.id);
  }

  @Patch(':id')
  @RequirePermissions('custom-fields.manage')
  @ApiOperation({ summary: 'Change a field: label, rules, options, roles, archive/unarchive, or its type (when every stored value converts).' })
  update(@Param() params: FieldIdParamDto, @Body() body: UpdateFieldDto) {
    return this.definitions.update(params.id, body);
  }

  @Delete(':id')
  @RequirePermissions('custom-fields.manage')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a field no record holds a value of (otherwise archive it).' })
  remove(@Param() params: FieldIdParamDto) {
    return this.definitions.remove(params.id);
  }
}
